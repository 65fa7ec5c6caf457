/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The server-side NATS client opens TCP sockets: keep it out of the bundle.
  serverExternalPackages: ["@nats-io/transport-node"],
};

export default nextConfig;
