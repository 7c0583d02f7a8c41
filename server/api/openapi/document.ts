// GET /api/v1/openapi.json: the OpenAPI 3.1 description of the OAuth endpoints and the
// account-data API, built once per issuer.
import { dataParameters, dataPaths, dataResponses } from './data-paths';
import { oauthPaths, oauthResponses } from './oauth-paths';
import { schemas } from './schemas';

export function buildOpenApiDocument(issuer: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'つなぐ信用組合 API連携 (Tsunagu)',
      version: '1.0.0',
      description:
        'API連携先 (会計ソフト等) のための OAuth 2.0 認可サーバーと口座情報API。金額は円の整数、日付は JST の YYYY-MM-DD、' +
        'JSON の応答はすべて Cache-Control: no-store。エラーは { errorCode, errorMessage } (日本語)。',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: issuer }],
    tags: [{ name: 'OAuth 2.0' }, { name: '口座情報' }, { name: '文書' }],
    paths: { ...oauthPaths, ...dataPaths },
    components: {
      schemas,
      parameters: dataParameters,
      responses: { ...dataResponses, ...oauthResponses },
      headers: { CacheControl: { required: true, schema: { const: 'no-store' } } },
      securitySchemes: {
        partnerOAuth: {
          type: 'oauth2',
          description: 'Authorization: Bearer <access_token>',
          flows: {
            authorizationCode: {
              authorizationUrl: `${issuer}/oauth/authorize`,
              tokenUrl: `${issuer}/oauth/token`,
              refreshUrl: `${issuer}/oauth/token`,
              scopes: {
                'accounts:read': '口座一覧照会',
                'balances:read': '残高照会',
                'transactions:read': '入出金明細照会',
              },
            },
          },
        },
        clientSecretBasic: { type: 'http', scheme: 'basic', description: 'client_secret_basic (client_secret_post も可)。fapi2 の連携先は private_key_jwt (client_assertion) のみ' },
        // RFC 9449 §7: both together, for tokens of fapi2 partners.
        dpop: { type: 'http', scheme: 'DPoP', description: 'Authorization: DPoP <access_token> (RFC 9449 §7.1)。DPoP ヘッダーの proof (dpopProof) と一緒に' },
        dpopProof: {
          type: 'apiKey',
          in: 'header',
          name: 'DPoP',
          description: 'DPoP proof: typ dpop+jwt、ES256/PS256/EdDSA、公開鍵の jwk、htm、htu、iat、jti (1回限り)、ath = base64url(SHA-256(access_token))',
        },
      },
    },
  };
}

const built = new Map<string, string>();

/** The document as JSON text, serialized once per issuer. */
export function openApiJson(issuer: string): string {
  let text = built.get(issuer);
  if (!text) {
    text = JSON.stringify(buildOpenApiDocument(issuer));
    built.set(issuer, text);
  }
  return text;
}
