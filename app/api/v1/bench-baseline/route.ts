import { handleBenchBaseline } from '@/server/api/fixed-handlers';

export const dynamic = 'force-dynamic';
export const GET = handleBenchBaseline;
