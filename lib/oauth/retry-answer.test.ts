import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openRetryAnswer, sealRetryAnswer } from './retry-answer';

describe('sealed retry answers', () => {
  it('open with the token they were sealed under, and with nothing else', () => {
    const sealed = sealRetryAnswer('token-a', { access_token: 'x', refresh_token: 'y' });
    expect(sealed).not.toContain('access_token');
    expect(openRetryAnswer('token-a', sealed)).toEqual({ access_token: 'x', refresh_token: 'y' });
    expect(openRetryAnswer('token-b', sealed)).toBeNull();
  });

  it('refuse a tampered answer', () => {
    const sealed = Buffer.from(sealRetryAnswer('token-a', { n: 1 }), 'base64url');
    sealed[sealed.length - 1] = sealed[sealed.length - 1]! ^ 1;
    expect(openRetryAnswer('token-a', sealed.toString('base64url'))).toBeNull();
    expect(openRetryAnswer('token-a', 'not base64url at all!')).toBeNull();
  });

  it('still open an answer sealed by the previous version (HKDF key), so a retry across a deployment works', () => {
    const key = Buffer.from(hkdfSync('sha256', 'token-a', 'tsunagu refresh retry', 'answer v1', 32));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify({ n: 2 }), 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    expect(openRetryAnswer('token-a', sealed)).toEqual({ n: 2 });
    expect(openRetryAnswer('token-b', sealed)).toBeNull();
  });
});
