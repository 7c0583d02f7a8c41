// The demo-fapi partner's key pair, exactly as demo-data.md publishes it. The private half is
// public on purpose: the demo partner, the tests and the benchmark sign with it. Demo only.
export const DEMO_FAPI_CLIENT_ID = 'demo-fapi';

export const DEMO_FAPI_PUBLIC_JWK = {
  kty: 'EC',
  crv: 'P-256',
  kid: 'demo-fapi-2026',
  alg: 'ES256',
  use: 'sig',
  x: 'PbHVAcvl0fTa4tlvQ0U7Jv5oFi8HXI5LefafikQMq_c',
  y: 'TSNpB37ud76eRwrWNhX3tTxrH4PdAZtbGX1ULKmuZDY',
} as const;

export const DEMO_FAPI_PRIVATE_JWK = {
  ...DEMO_FAPI_PUBLIC_JWK,
  d: 'OTQ0M5pzeup-Ii4EQrbppPn5OfRcjQEvgEat1D1c9CI',
} as const;
