// A readable, unique client_id: the website's first host label and a random suffix
// (「acme-kaikei-k3m9x2」), so staff and partners can tell registrations apart at a glance.
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { randomBytes } from '@/lib/crypto';

export function readableClientId(websiteUrl: string): string {
  const labels = new URL(websiteUrl).hostname.split('.').filter((label) => label !== 'www');
  const stem = (labels[0] ?? '').replace(/[^a-z0-9-]/g, '').replace(/^-+|-+$/g, '').slice(0, 24) || 'partner';
  return `${stem}-${encodeBase32LowerCaseNoPadding(randomBytes(5))}`;
}
