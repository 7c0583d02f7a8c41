import { handleIntrospect } from '@/server/oauth/handlers';

export const dynamic = 'force-dynamic';
export const POST = handleIntrospect;
// The handler refuses every other method with 405 (security.md: form POST only).
export const GET = handleIntrospect;
export const PUT = handleIntrospect;
export const PATCH = handleIntrospect;
export const DELETE = handleIntrospect;
