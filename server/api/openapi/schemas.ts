// JSON Schemas (2020-12, as OpenAPI 3.1 uses) of every body the partner endpoints send.
// openapi.test.ts validates real responses against them, so they must stay exact.
import messages from '@/messages/ja.json';

const isoDate = { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'JSTの日付 (YYYY-MM-DD)' };
const jstTime = { type: 'string', pattern: '^\\d{2}:\\d{2}:\\d{2}\\+09:00$', description: 'JSTの時刻 (HH:MM:SS+09:00)' };
const yen = { type: 'integer', description: '円 (整数)' };
// Half-width katakana and ASCII only, as the bank's ledger stores them.
const halfWidth = { type: 'string', pattern: '^[\\u0020-\\u007E\\uFF61-\\uFF9F]+$' };

export const apiErrorCodes = Object.keys(messages.api.errors);
const signingAlgs = { type: 'array', items: { enum: ['ES256', 'PS256', 'EdDSA'] } };

export const schemas = {
  Account: {
    type: 'object',
    additionalProperties: false,
    required: ['accountId', 'branchCode', 'branchName', 'accountTypeCode', 'accountTypeName', 'accountNumber', 'accountNameKana', 'currencyCode'],
    properties: {
      accountId: { type: 'string', description: '口座ID (不透明な文字列)' },
      branchCode: { type: 'string', pattern: '^\\d{3}$', description: '店番' },
      branchName: { type: 'string', description: '支店名' },
      accountTypeCode: { type: 'string', enum: ['1', '2', '4'], description: '科目コード: 1 普通, 2 当座, 4 貯蓄' },
      accountTypeName: { type: 'string', enum: ['普通', '当座', '貯蓄'] },
      accountNumber: { type: 'string', pattern: '^\\d{7}$', description: '口座番号' },
      accountNameKana: { ...halfWidth, description: '口座名義 (半角カナ)' },
      currencyCode: { const: 'JPY' },
    },
  },
  AccountList: {
    type: 'object',
    additionalProperties: false,
    required: ['accounts'],
    properties: { accounts: { type: 'array', items: { $ref: '#/components/schemas/Account' } } },
  },
  Balance: {
    type: 'object',
    additionalProperties: false,
    required: ['accountId', 'balance', 'withdrawableAmount', 'previousDayBalance', 'baseDate', 'baseTime'],
    properties: {
      accountId: { type: 'string' },
      balance: { ...yen, description: '現在残高: 本日までの最後の入出金後の残高' },
      withdrawableAmount: { ...yen, description: '支払可能残高: 当座貸越は扱わないため、どの科目も現在残高と同じ' },
      previousDayBalance: { ...yen, description: '前日残高: 前日までの最後の入出金後の残高' },
      baseDate: isoDate,
      baseTime: jstTime,
    },
  },
  Transaction: {
    type: 'object',
    additionalProperties: false,
    required: ['itemKey', 'transactionDate', 'valueDate', 'transactionType', 'amount', 'remarks', 'balance'],
    properties: {
      itemKey: { type: 'string', description: '明細キー: 1件の入出金に対して永久に変わらない' },
      transactionDate: isoDate,
      valueDate: { ...isoDate, description: '起算日' },
      transactionType: { type: 'string', enum: ['1', '2'], description: '1 入金, 2 出金' },
      amount: { ...yen, minimum: 1 },
      remarks: { ...halfWidth, description: '摘要 (半角カナ)' },
      balance: { ...yen, description: 'この入出金の後の残高' },
    },
  },
  TransactionList: {
    type: 'object',
    additionalProperties: false,
    required: ['accountId', 'currencyCode', 'dateFrom', 'dateTo', 'baseDate', 'baseTime', 'hasNext', 'count', 'transactions'],
    properties: {
      accountId: { type: 'string' },
      currencyCode: { const: 'JPY' },
      dateFrom: isoDate,
      dateTo: isoDate,
      baseDate: isoDate,
      baseTime: jstTime,
      hasNext: { type: 'boolean' },
      nextItemKey: { type: 'string', description: '次のページの取得に、同じ口座・同じ dateFrom/dateTo で指定する' },
      count: { type: 'integer', minimum: 0, maximum: 500 },
      transactions: { type: 'array', maxItems: 500, items: { $ref: '#/components/schemas/Transaction' } },
    },
    if: { properties: { hasNext: { const: true } } },
    then: { required: ['nextItemKey'] },
    else: { not: { required: ['nextItemKey'] } },
  },
  Error: {
    type: 'object',
    additionalProperties: false,
    required: ['errorCode', 'errorMessage'],
    properties: {
      errorCode: { type: 'string', enum: apiErrorCodes },
      errorMessage: { type: 'string', description: '日本語のメッセージ' },
    },
  },
  OAuthError: {
    type: 'object',
    additionalProperties: false,
    required: ['error'],
    properties: {
      error: {
        type: 'string',
        enum: [
          'invalid_request',
          'invalid_client',
          'invalid_grant',
          'unauthorized_client',
          'unsupported_grant_type',
          'unsupported_response_type',
          'invalid_scope',
          'unsupported_token_type',
          'invalid_dpop_proof',
          'use_dpop_nonce',
          'temporarily_unavailable',
          'server_error',
        ],
      },
      error_description: { type: 'string' },
    },
  },
  TokenResponse: {
    type: 'object',
    additionalProperties: false,
    required: ['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope', 'authorization_expires_at'],
    properties: {
      access_token: { type: 'string', description: '不透明なアクセストークン (有効期間1時間)' },
      token_type: { enum: ['Bearer', 'DPoP'], description: 'fapi2 の連携先は DPoP (RFC 9449)' },
      expires_in: { type: 'integer', minimum: 0 },
      refresh_token: { type: 'string', description: '使うたびに新しいものに替わる (ローテーション)' },
      scope: { type: 'string' },
      authorization_expires_at: { type: 'integer', description: '連携の有効期限 (Unix秒)。これを超えて有効なトークンはない' },
    },
  },
  IntrospectionResponse: {
    oneOf: [
      { type: 'object', additionalProperties: false, required: ['active'], properties: { active: { const: false } } },
      {
        type: 'object',
        additionalProperties: false,
        required: ['active', 'scope', 'client_id', 'token_type', 'exp', 'iat'],
        properties: {
          active: { const: true },
          scope: { type: 'string' },
          client_id: { type: 'string' },
          token_type: { type: 'string', enum: ['Bearer', 'DPoP', 'refresh_token'] },
          exp: { type: 'integer' },
          iat: { type: 'integer' },
          cnf: {
            type: 'object',
            additionalProperties: false,
            required: ['jkt'],
            properties: { jkt: { type: 'string', description: 'DPoP 鍵の JWK thumbprint (RFC 9449 §6.2)' } },
          },
        },
      },
    ],
  },
  PushedAuthorizationResponse: {
    type: 'object',
    additionalProperties: false,
    required: ['request_uri', 'expires_in'],
    properties: {
      request_uri: { type: 'string', pattern: '^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$' },
      expires_in: { const: 90 },
    },
  },
  AuthorizationServerMetadata: {
    type: 'object',
    required: ['issuer', 'authorization_endpoint', 'token_endpoint', 'response_types_supported', 'code_challenge_methods_supported'],
    properties: {
      issuer: { type: 'string' },
      authorization_endpoint: { type: 'string' },
      token_endpoint: { type: 'string' },
      revocation_endpoint: { type: 'string' },
      introspection_endpoint: { type: 'string' },
      pushed_authorization_request_endpoint: { type: 'string' },
      require_pushed_authorization_requests: { const: false, description: 'PAR の要否は連携先ごと (fapi2 は必須)' },
      scopes_supported: { type: 'array', items: { type: 'string' } },
      response_types_supported: { type: 'array', items: { const: 'code' } },
      grant_types_supported: { type: 'array', items: { type: 'string' } },
      code_challenge_methods_supported: { type: 'array', items: { const: 'S256' } },
      token_endpoint_auth_methods_supported: { type: 'array', items: { type: 'string' } },
      token_endpoint_auth_signing_alg_values_supported: signingAlgs,
      revocation_endpoint_auth_signing_alg_values_supported: signingAlgs,
      introspection_endpoint_auth_signing_alg_values_supported: signingAlgs,
      dpop_signing_alg_values_supported: signingAlgs,
      authorization_response_iss_parameter_supported: { const: true },
    },
  },
};
