import { describe, expect, it } from 'vitest';
import { clientAddress, normalizeIp } from './client-address';

describe('clientAddress', () => {
  it('takes the socket address and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', 0)).toBe('203.0.113.9');
  });

  it('takes the entry the trusted proxy appended, never the client-chosen ones to its left', () => {
    expect(clientAddress('10.0.0.2', '1.1.1.1, 2.2.2.2, 198.51.100.7', 1)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.2', '1.1.1.1, 198.51.100.7, 10.0.0.5', 2)).toBe('198.51.100.7');
  });

  it('keeps the socket address when the chain is shorter than the trusted hops', () => {
    expect(clientAddress('10.0.0.2', '198.51.100.7', 2)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', null, 1)).toBe('10.0.0.2');
  });

  it('never passes on a value that is not an IP literal', () => {
    expect(clientAddress('10.0.0.2', 'evil<script>', 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', `${'9'.repeat(5000)}`, 1)).toBe('10.0.0.2');
    expect(clientAddress(undefined, null, 0)).toBeNull();
  });

  it('normalizes IPv4-mapped IPv6 and bracketed forms', () => {
    expect(normalizeIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeIp('[2001:DB8::1]')).toBe('2001:db8::1');
    expect(normalizeIp('localhost')).toBeNull();
  });
});
