/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The server-side NATS client opens TCP sockets: keep it out of the bundle.
  serverExternalPackages: ["@nats-io/transport-node"],
  // forbidden(): a signed-in user without the role gets the 403 page, not a redirect.
  experimental: { authInterrupts: true },
  // `npm run demo` builds without the type check (scripts/demo.sh); every other build has it.
  typescript: { ignoreBuildErrors: process.env.PILOT_BUILD_SKIP_TYPECHECK === "1" },
};

export default nextConfig;
