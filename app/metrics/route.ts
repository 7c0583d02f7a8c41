import { handleMetrics } from '@/server/observability/metrics-endpoint';

export const dynamic = 'force-dynamic';
// The handler refuses other methods itself (405), as the lean server's route does.
export const GET = handleMetrics;
export const POST = handleMetrics;
