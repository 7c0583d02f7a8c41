// The OAuth 2.0 endpoints (partner-api.md "OAuth 2.0 endpoints") as OpenAPI 3.1 paths.
const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const noStore = { 'Cache-Control': { $ref: '#/components/headers/CacheControl' } };
const form = (schema: object) => ({ required: true, content: { 'application/x-www-form-urlencoded': { schema } } });
const oauthError = (description: string, codes?: string[]) => ({
  description,
  headers: noStore,
  content: json(codes ? { allOf: [ref('OAuthError')], properties: { error: { enum: codes } } } : ref('OAuthError')),
});
// client_secret_post (basic partners; with client_secret_basic id and secret travel in the
// Authorization header) or private_key_jwt (fapi2 partners, RFC 7523 §2.2).
const clientAuth = {
  client_id: { type: 'string' },
  client_secret: { type: 'string', description: 'client_secret_post (basic の連携先のみ)' },
  client_assertion_type: { const: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', description: 'private_key_jwt (RFC 7523)' },
  client_assertion: {
    type: 'string',
    description:
      'private_key_jwt: 登録済み JWKS の鍵 (kid で選択) で ES256 / PS256 / EdDSA 署名した JWT。iss = sub = client_id、' +
      'aud は issuer の文字列そのもの (配列・トークンエンドポイントURLは不可)、exp は5分以内、jti は1回限り、iat/nbf は10秒先まで許容',
  },
};
const dpopHeader = {
  name: 'DPoP',
  in: 'header',
  required: false,
  schema: { type: 'string' },
  description: 'DPoP proof (RFC 9449)。fapi2 の連携先はトークンエンドポイントで必須',
};
const dpopNonce = { 'DPoP-Nonce': { required: false, schema: { type: 'string' }, description: 'use_dpop_nonce のとき、次の proof に入れる nonce (RFC 9449 §8)' } };

export const oauthResponses = {
  OAuthBadRequest: {
    ...oauthError('RFC 6749 §5.2 のエラー。DPoP proof の誤りは invalid_dpop_proof、サーバー nonce が必要なときは use_dpop_nonce (RFC 9449)'),
    headers: { ...noStore, ...dpopNonce },
  },
  InvalidClient: {
    ...oauthError('クライアント認証の失敗 (RFC 6749 §5.2)', ['invalid_client']),
    headers: { ...noStore, 'WWW-Authenticate': { required: true, schema: { type: 'string' } } },
  },
  OAuthTooManyRequests: {
    ...oauthError('リクエスト数の上限を超えた', ['temporarily_unavailable']),
    headers: { ...noStore, 'Retry-After': { required: true, schema: { type: 'string', pattern: '^[1-9]\\d*$' } } },
  },
  MethodNotAllowed: {
    ...oauthError('POST 以外のメソッド', ['invalid_request']),
    headers: { ...noStore, Allow: { required: true, schema: { type: 'string' } } },
  },
  OAuthServerError: oauthError('サーバーの内部エラー (詳細は返さない)', ['server_error']),
};

const clientEndpointErrors = {
  '400': { $ref: '#/components/responses/OAuthBadRequest' },
  '401': { $ref: '#/components/responses/InvalidClient' },
  '405': { $ref: '#/components/responses/MethodNotAllowed' },
  '429': { $ref: '#/components/responses/OAuthTooManyRequests' },
  '500': { $ref: '#/components/responses/OAuthServerError' },
};

const clientSecurity = [{ clientSecretBasic: [] }, {}];

const authorizeParameters = [
  ['response_type', false, { const: 'code' }, 'code のみ。必須 (request_uri を使う場合は PAR で送る)'],
  ['client_id', true, { type: 'string' }, ''],
  ['redirect_uri', false, { type: 'string' }, '登録済みのURIと完全一致'],
  ['scope', false, { type: 'string' }, 'accounts:read balances:read transactions:read から、空白区切り'],
  ['state', false, { type: 'string' }, '認可応答でそのまま返す'],
  ['code_challenge', false, { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' }, 'PKCE (RFC 7636)。必須 (request_uri を使う場合は PAR で送る)'],
  ['code_challenge_method', false, { const: 'S256' }, 'S256 のみ (plain は拒否)'],
  ['dpop_jkt', false, { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' }, 'DPoP 鍵の JWK thumbprint (RFC 9449 §10)。認可コードをその鍵に結び付ける'],
  ['request_uri', false, { type: 'string', pattern: '^urn:ietf:params:oauth:request_uri:' }, 'PAR (RFC 9126) で得た request_uri。client_id 以外のパラメータと一緒には送れない。1回限り、90秒以内'],
].map(([name, required, schema, description]) => ({ name, in: 'query', required, schema, description }));

export const oauthPaths = {
  '/.well-known/oauth-authorization-server': {
    get: {
      operationId: 'getAuthorizationServerMetadata',
      summary: '認可サーバーのメタデータ (RFC 8414)',
      tags: ['OAuth 2.0'],
      security: [],
      responses: { '200': { description: 'メタデータ', headers: noStore, content: json(ref('AuthorizationServerMetadata')) } },
    },
  },
  '/oauth/authorize': {
    get: {
      operationId: 'authorize',
      summary: '認可エンドポイント (RFC 6749 §4.1, PKCE RFC 7636, iss RFC 9207)',
      description:
        'お客さまのブラウザをここへ送る。API連携認証 (手順1〜5) の後、redirect_uri に code, state, iss を付けて戻る。' +
        'client_id や redirect_uri が正しくない場合はリダイレクトせず、エラー画面を表示する。' +
        'fapi2 の連携先は PAR (POST /oauth/par) が必須で、ここには client_id と request_uri だけを送る。' +
        'request_uri が使用済み・期限切れ・他の連携先のもの、または他のパラメータが付いている場合もエラー画面。',
      tags: ['OAuth 2.0'],
      security: [],
      parameters: authorizeParameters,
      responses: {
        '303': {
          description: 'API連携認証の画面へ、または redirect_uri へ error, state, iss を付けて',
          headers: { Location: { required: true, schema: { type: 'string' } } },
        },
        '400': { description: 'クライアントまたは redirect_uri の誤り: エラー画面 (リダイレクトしない)', content: { 'text/html': { schema: { type: 'string' } } } },
        '429': { $ref: '#/components/responses/OAuthTooManyRequests' },
      },
    },
  },
  '/oauth/par': {
    post: {
      operationId: 'pushAuthorizationRequest',
      summary: 'Pushed Authorization Request (RFC 9126)',
      description:
        '認可リクエストのパラメータを、トークンエンドポイントと同じクライアント認証付きで先に送る。検査は認可エンドポイントと同じで、' +
        '誤りは JSON のエラー (RFC 9126 §2.3)。得た request_uri を client_id と一緒に /oauth/authorize へ付けてブラウザを送る。' +
        'request_uri はこのエンドポイントには送れない。',
      tags: ['OAuth 2.0'],
      security: clientSecurity,
      parameters: [dpopHeader],
      requestBody: form({
        type: 'object',
        required: ['response_type', 'redirect_uri', 'code_challenge', 'code_challenge_method'],
        properties: {
          ...Object.fromEntries(authorizeParameters.filter((p) => p.name !== 'request_uri').map((p) => [p.name, p.schema])),
          ...clientAuth,
        },
      }),
      responses: {
        '201': { description: 'request_uri を発行した (有効期間90秒、1回限り)', headers: noStore, content: json(ref('PushedAuthorizationResponse')) },
        ...clientEndpointErrors,
      },
    },
  },
  '/oauth/token': {
    post: {
      operationId: 'token',
      summary: 'トークンエンドポイント (RFC 6749 §4.1.3, §6)',
      description:
        'リフレッシュトークンは使うたびに替わる。替わった後の古いリフレッシュトークンが再び使われた場合は盗用とみなし、連携ごと失効させる。',
      tags: ['OAuth 2.0'],
      security: clientSecurity,
      parameters: [dpopHeader],
      requestBody: form({
        oneOf: [
          {
            type: 'object',
            required: ['grant_type', 'code', 'redirect_uri', 'code_verifier'],
            properties: {
              grant_type: { const: 'authorization_code' },
              code: { type: 'string' },
              redirect_uri: { type: 'string' },
              code_verifier: { type: 'string', pattern: '^[A-Za-z0-9._~-]{43,128}$' },
              ...clientAuth,
            },
          },
          {
            type: 'object',
            required: ['grant_type', 'refresh_token'],
            properties: { grant_type: { const: 'refresh_token' }, refresh_token: { type: 'string' }, scope: { type: 'string' }, ...clientAuth },
          },
        ],
      }),
      responses: {
        '200': { description: 'トークン', headers: noStore, content: json(ref('TokenResponse')) },
        ...clientEndpointErrors,
      },
    },
  },
  '/oauth/revoke': {
    post: {
      operationId: 'revoke',
      summary: 'トークンの失効 (RFC 7009)',
      description: 'リフレッシュトークンを失効させると連携が終了し、その連携のすべてのトークンが失効する。アクセストークンはそのトークンだけが失効する。',
      tags: ['OAuth 2.0'],
      security: clientSecurity,
      requestBody: form({
        type: 'object',
        required: ['token'],
        properties: { token: { type: 'string' }, token_type_hint: { enum: ['access_token', 'refresh_token'] }, ...clientAuth },
      }),
      responses: { '200': { description: '失効した (未知のトークンでも同じ応答)' }, ...clientEndpointErrors },
    },
  },
  '/oauth/introspect': {
    post: {
      operationId: 'introspect',
      summary: 'トークンの状態 (RFC 7662)',
      tags: ['OAuth 2.0'],
      security: clientSecurity,
      requestBody: form({
        type: 'object',
        required: ['token'],
        properties: { token: { type: 'string' }, token_type_hint: { enum: ['access_token', 'refresh_token'] }, ...clientAuth },
      }),
      responses: {
        '200': { description: '自分のトークンの状態。それ以外は active: false', headers: noStore, content: json(ref('IntrospectionResponse')) },
        ...clientEndpointErrors,
      },
    },
  },
};
