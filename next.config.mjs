import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

// Pages of the journey and the consoles must never be framed, cached or leak a referrer
// (security.md "Always"). The partner API sets its own Cache-Control in the handlers.
const securityHeaders = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
];

// Pages get their nonce policy from proxy.ts, which replaces this one; everything else keeps
// frame-ancestors. A header set here would also replace the stricter policy of
// /oauth/authorize's own error page (server/oauth/authorize-error-page.ts), so not there.
const fallbackPolicy = { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" };

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder lets the e2e suite build without touching a running demo.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      { source: '/((?!oauth/authorize).*)', headers: [fallbackPolicy] },
      {
        source: '/((?!_next/static|_next/image|favicon.ico).*)',
        headers: [{ key: 'Cache-Control', value: 'no-store' }],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
