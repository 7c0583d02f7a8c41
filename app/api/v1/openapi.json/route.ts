import { handleOpenApi } from '@/server/api/fixed-handlers';

// The servers entry is the issuer, read from the environment at run time.
export const dynamic = 'force-dynamic';
export const GET = handleOpenApi;
