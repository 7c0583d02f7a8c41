import { handleHealthz } from '@/server/health/handlers';

// Answered by the running process at request time, never prerendered by `next build`.
export const dynamic = 'force-dynamic';
export const GET = handleHealthz;
