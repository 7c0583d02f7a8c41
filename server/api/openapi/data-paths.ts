// The account-data API (partner-api.md "Account-data API") as OpenAPI 3.1 paths.
const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorWith = (codes: string[]) => ({
  allOf: [ref('Error')],
  properties: { errorCode: { enum: codes } },
});
const noStore = { 'Cache-Control': { $ref: '#/components/headers/CacheControl' } };

export const dataResponses = {
  BadRequest: {
    description: 'パラメータの誤り (未定義・重複・長すぎるパラメータ、日付・期間・件数・nextItemKey の誤り)',
    headers: noStore,
    content: json(
      errorWith(['invalid_parameter', 'invalid_date', 'invalid_date_range', 'date_before_history', 'invalid_limit', 'invalid_next_item_key']),
    ),
  },
  Unauthorized: {
    description:
      'トークンがない、形式の誤り、期限切れ・失効済み、連携の終了、連携先の停止。DPoP に結び付いたトークン (fapi2) では、Bearer で送った、' +
      'proof がない・誤り・他の鍵・ath の誤り・再利用の場合も (WWW-Authenticate: DPoP error="invalid_token" または ' +
      'error="invalid_dpop_proof", algs="ES256 PS256 EdDSA"。サーバー nonce が必要なときは error="use_dpop_nonce" と DPoP-Nonce)',
    headers: {
      ...noStore,
      'WWW-Authenticate': {
        required: true,
        schema: {
          type: 'string',
          minLength: 1,
          pattern: '^(Bearer error="invalid_token"(, )?)?(DPoP (error="(invalid_token|invalid_dpop_proof|use_dpop_nonce)"(, error_description="[^"]*")?, )?algs="ES256 PS256 EdDSA")?$',
        },
      },
      'DPoP-Nonce': { required: false, schema: { type: 'string' } },
    },
    content: json(errorWith(['invalid_token'])),
  },
  Forbidden: {
    description: 'トークンにこの認可業務 (スコープ) がない',
    headers: {
      ...noStore,
      'WWW-Authenticate': { required: true, schema: { type: 'string', pattern: '^Bearer error="insufficient_scope", scope="[a-z:]+"$' } },
    },
    content: json(errorWith(['insufficient_scope'])),
  },
  NotFound: {
    description: '口座が存在しない、または連携の対象ではない (区別しない)',
    headers: noStore,
    content: json(errorWith(['account_not_found'])),
  },
  TooManyRequests: {
    description: '連携ごとのリクエスト数の上限を超えた',
    headers: { ...noStore, 'Retry-After': { required: true, schema: { type: 'string', pattern: '^[1-9]\\d*$' } } },
    content: json(errorWith(['too_many_requests'])),
  },
  InternalError: {
    description: 'サーバーの内部エラー (詳細は返さない)',
    headers: noStore,
    content: json(errorWith(['internal_error'])),
  },
};

const errors = (...names: (keyof typeof dataResponses)[]) =>
  Object.fromEntries(
    names.map((name) => [
      { BadRequest: '400', Unauthorized: '401', Forbidden: '403', NotFound: '404', TooManyRequests: '429', InternalError: '500' }[name],
      { $ref: `#/components/responses/${name}` },
    ]),
  );

const accountIdParameter = {
  name: 'accountId',
  in: 'path',
  required: true,
  schema: { type: 'string', maxLength: 64 },
  description: '口座一覧照会で得た accountId',
};

export const dataParameters = {
  dateFrom: {
    name: 'dateFrom',
    in: 'query',
    schema: { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    description: '照会開始日 (JST)。省略時は dateTo と同じ日 (dateTo も省略なら本日)。保存期間 (13か月) より前は 400',
  },
  dateTo: {
    name: 'dateTo',
    in: 'query',
    schema: { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    description: '照会終了日 (JST)。省略時は本日。未来の日付は 400。期間は366日以内',
  },
  limit: {
    name: 'limit',
    in: 'query',
    schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
    description: '1ページの件数',
  },
  nextItemKey: {
    name: 'nextItemKey',
    in: 'query',
    schema: { type: 'string', maxLength: 512, pattern: '^[A-Za-z0-9_-]+$' },
    description: '直前の応答の nextItemKey。同じ口座・同じ dateFrom/dateTo でのみ有効',
  },
};

export const dataPaths = {
  '/api/v1/accounts': {
    get: {
      operationId: 'listAccounts',
      summary: '口座一覧照会',
      description: '連携の対象の口座だけを返す。',
      tags: ['口座情報'],
      security: [{ partnerOAuth: ['accounts:read'] }, { dpop: ['accounts:read'], dpopProof: [] }],
      responses: {
        '200': { description: '連携の対象の口座', headers: noStore, content: json(ref('AccountList')) },
        ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'TooManyRequests', 'InternalError'),
      },
    },
  },
  '/api/v1/accounts/{accountId}/balances': {
    get: {
      operationId: 'getBalances',
      summary: '残高照会',
      tags: ['口座情報'],
      security: [{ partnerOAuth: ['balances:read'] }, { dpop: ['balances:read'], dpopProof: [] }],
      parameters: [accountIdParameter],
      responses: {
        '200': { description: '残高 (基準日時はJST)', headers: noStore, content: json(ref('Balance')) },
        ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'TooManyRequests', 'InternalError'),
      },
    },
  },
  '/api/v1/accounts/{accountId}/transactions': {
    get: {
      operationId: 'listTransactions',
      summary: '入出金明細照会',
      description:
        '古い順 (日付、同じ日の中は入出金の順)。hasNext が true の間、nextItemKey を付けて次のページを取得する。' +
        'ページの間に新しい入出金が発生しても、取りこぼしや重複はない。',
      tags: ['口座情報'],
      security: [{ partnerOAuth: ['transactions:read'] }, { dpop: ['transactions:read'], dpopProof: [] }],
      parameters: [
        accountIdParameter,
        ...(['dateFrom', 'dateTo', 'limit', 'nextItemKey'] as const).map((name) => ({ $ref: `#/components/parameters/${name}` })),
      ],
      responses: {
        '200': { description: '入出金明細の1ページ', headers: noStore, content: json(ref('TransactionList')) },
        ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'TooManyRequests', 'InternalError'),
      },
    },
  },
  '/api/v1/openapi.json': {
    get: {
      operationId: 'getOpenApiDocument',
      summary: 'この OpenAPI 3.1 文書',
      tags: ['文書'],
      security: [],
      responses: { '200': { description: 'OpenAPI 3.1', headers: noStore, content: json({ type: 'object', required: ['openapi'] }) } },
    },
  },
};
