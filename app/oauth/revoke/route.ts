import { handleRevoke } from '@/server/oauth/handlers';

export const dynamic = 'force-dynamic';
export const POST = handleRevoke;
// The handler refuses every other method with 405 (security.md: form POST only).
export const GET = handleRevoke;
export const PUT = handleRevoke;
export const PATCH = handleRevoke;
export const DELETE = handleRevoke;
