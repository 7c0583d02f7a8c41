// The one rule for "who is the client" (security.md): the socket's address, unless
// TRUST_PROXY names how many reverse-proxy hops stand in front; then the X-Forwarded-For
// entry that many hops from the right, which the nearest trusted proxy wrote. Whatever a
// client put further left is never read. Only valid IP literals come out.
import { isIP } from 'node:net';

/**
 * Set by our own listeners (the lean server and the Next.js server) after they removed any
 * value the client sent; every limiter and audit row reads this header and nothing else.
 */
export const CLIENT_ADDRESS_HEADER = 'x-tsunagu-client-address';

const MAX_ADDRESS_LENGTH = 45; // the longest IPv6 text form

/** `::ffff:192.0.2.1` (IPv4 on a dual-stack socket) → `192.0.2.1`; anything invalid → null. */
export function normalizeIp(value: string | undefined | null): string | null {
  if (!value) return null;
  let address = value.trim();
  if (address.length > MAX_ADDRESS_LENGTH + 2) return null;
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) address = mapped[1]!;
  if (address.length > MAX_ADDRESS_LENGTH || isIP(address) === 0) return null;
  return address.toLowerCase();
}

export function clientAddress(socketAddress: string | undefined, forwardedFor: string | null | undefined, trustedHops: number): string | null {
  const socket = normalizeIp(socketAddress);
  if (trustedHops <= 0 || !forwardedFor) return socket;
  // Bounded: a header of thousands of entries costs nothing beyond this slice.
  const entries = forwardedFor.slice(-2048).split(',');
  // Fewer entries than trusted hops: the request did not pass every proxy; keep the socket.
  if (entries.length < trustedHops) return socket;
  return normalizeIp(entries[entries.length - trustedHops]) ?? socket;
}
