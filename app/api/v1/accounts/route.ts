import { getPartnerApi } from '@/server/api/partner-api';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return getPartnerApi().accounts(request);
}
