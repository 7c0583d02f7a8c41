// Calls the partner API's Web-standard handlers the way a partner would: real Request in,
// real Response out.
import type { PartnerApi } from '@/server/api/partner-api';

export const API_ORIGIN = 'http://localhost:3000';

export interface ApiCall {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

function request(path: string, token: string | null, headers: Record<string, string> = {}): Request {
  return new Request(`${API_ORIGIN}${path}`, {
    headers: { ...(token === null ? {} : { Authorization: `Bearer ${token}` }), ...headers },
  });
}

/** Routes a path of /api/v1 to the handler that app/api/v1/…/route.ts binds it to. */
export async function callApi(
  api: PartnerApi,
  path: string,
  token: string | null,
  headers?: Record<string, string>,
): Promise<ApiCall> {
  const pathname = new URL(path, API_ORIGIN).pathname;
  const match = /^\/api\/v1\/accounts\/([^/]+)\/(balances|transactions)$/.exec(pathname);
  const req = request(path, token, headers);
  let response: Response;
  if (pathname === '/api/v1/accounts') response = await api.accounts(req);
  else if (match?.[2] === 'balances') response = await api.balances(req, { accountId: decodeURIComponent(match[1]!) });
  else if (match?.[2] === 'transactions') response = await api.transactions(req, { accountId: decodeURIComponent(match[1]!) });
  else throw new Error(`no handler for ${path}`);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}
