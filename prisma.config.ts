import { defineConfig } from "prisma/config";

// `datasource.url` is only needed by the CLI's migrate/introspect commands (which the
// app does not use: lib/db/migrate.ts applies ./prisma/migrations itself); `generate`
// runs without it, e.g. in `npm ci` on a bare machine.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(process.env["DATABASE_URL"] ? { datasource: { url: process.env["DATABASE_URL"] } } : {}),
});
