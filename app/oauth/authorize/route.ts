import { handleAuthorize } from '@/server/oauth/handlers';

export const dynamic = 'force-dynamic';
export const GET = handleAuthorize;
// The handler refuses every other method with 405.
export const POST = handleAuthorize;
