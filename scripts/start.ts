// `npm start` (and `npm run dev` with --dev): the Next.js app on PORT (default 3000) behind
// our own listener (server/next/http-server.ts). Migrations apply in instrumentation.ts.
import { checkConfigurationOrExit } from '../lib/config';
import { logger } from '../lib/logger';
import { startAppServer } from '../server/next/http-server';

const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT || 3000);
process.env.APP_ORIGIN ||= `http://localhost:${port}`;
checkConfigurationOrExit();
if (!dev) (process.env as Record<string, string>).NODE_ENV ||= 'production';
await startAppServer({ port, dev });
logger().info({ origin: process.env.APP_ORIGIN, dev }, 'Tsunagu listening');
