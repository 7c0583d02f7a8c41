// GET /.well-known/oauth-authorization-server (RFC 8414 §3).
import { config } from '@/lib/config';
import { MethodNotAllowed } from '@/lib/oauth/errors';
import { authorizationServerMetadata } from '@/lib/oauth/metadata';
import { jsonResponse, oauthErrorResponse } from '@/lib/oauth/responses';

export async function handleMetadata(request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return oauthErrorResponse(new MethodNotAllowed('GET'));
  return jsonResponse(authorizationServerMetadata(config.appOrigin));
}
