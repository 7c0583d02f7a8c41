// npm run partner-server: the lean Node HTTP entry point for partners (see README).
import { prepareDatabase } from '../db/client';
import { checkConfigurationOrExit } from '../lib/config';
import { logger } from '../lib/logger';
import { closeStore, exitOnSignals } from '../server/graceful-shutdown';
import { startPartnerServer } from '../server/partner-server';

checkConfigurationOrExit();

const port = Number(process.env.PARTNER_PORT || 3001);
// The store open and migrated (PostgreSQL at start, operations.md) before the first request.
await prepareDatabase();
const server = await startPartnerServer(port);
exitOnSignals(server, { afterDrain: closeStore });
logger().info({ origin: `http://localhost:${port}` }, 'partner server listening (OAuth token endpoints and /api/v1)');
