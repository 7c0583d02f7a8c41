import { handleToken } from '@/server/oauth/handlers';

export const dynamic = 'force-dynamic';
export const POST = handleToken;
// The handler refuses every other method with 405 (security.md: form POST only).
export const GET = handleToken;
export const PUT = handleToken;
export const PATCH = handleToken;
export const DELETE = handleToken;
