// npm run partner-server: the lean Node HTTP entry point for partners (see README).
import { logger } from '../lib/logger';
import { startPartnerServer } from '../server/partner-server';

const port = Number(process.env.PARTNER_PORT || 3001);
const server = await startPartnerServer(port);
logger().info({ origin: `http://localhost:${port}` }, 'partner server listening (OAuth token endpoints and /api/v1)');
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
