// npm run partner-server: the lean Node HTTP entry point for partners (see README).
import { closeDatabase } from '../db/client';
import { exitOnSignals } from '../server/graceful-shutdown';
import { checkConfigurationOrExit } from '../lib/config';
import { startPartnerServer } from '../server/partner-server';

checkConfigurationOrExit();

const port = Number(process.env.PARTNER_PORT || 3001);
const server = await startPartnerServer(port);
exitOnSignals(server, { afterDrain: closeDatabase });
console.log(`partner server on http://localhost:${port} (OAuth token endpoints and /api/v1)`);
