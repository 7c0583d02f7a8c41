// The JWS algorithms FAPI 2.0 Security Profile §5.4 allows: client assertions and DPoP
// proofs alike. RS256 (PKCS#1 v1.5), HS* (a shared secret) and `none` are never accepted.
export const FAPI_SIGNING_ALGORITHMS = ['ES256', 'PS256', 'EdDSA'] as const;
