import { handleReadyz } from '@/server/health/handlers';

// Checks the database at request time; `next build` must not prerender it (no database then).
export const dynamic = 'force-dynamic';
export const GET = handleReadyz;
