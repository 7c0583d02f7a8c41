import { getPartnerApi } from '@/server/api/partner-api';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ accountId: string }> }): Promise<Response> {
  return getPartnerApi().balances(request, await context.params);
}
