import { handleMetadata } from '@/server/oauth/handlers';

// The issuer comes from the environment at run time, not at build time.
export const dynamic = 'force-dynamic';
export const GET = handleMetadata;
