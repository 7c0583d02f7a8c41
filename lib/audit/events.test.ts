import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_EVENTS } from './events';
import { auditEventLabel } from './labels';

/** The event names written as literals in server/ and lib/ (tests left out). */
function writtenEventNames(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
        const source = fs.readFileSync(file, 'utf8');
        for (const match of source.matchAll(/event:\s*([^,}\n]+)/g)) {
          for (const literal of match[1]!.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) names.add(literal[1]!);
        }
        // Events chosen through a helper: `'customer.login' : 'customer.locked'` and typed unions.
        for (const literal of source.matchAll(/\?\s*'([a-z_]+\.[a-z_]+)'\s*:\s*'([a-z_]+\.[a-z_]+)'/g)) names.add(literal[1]!).add(literal[2]!);
        for (const literal of source.matchAll(/\(event:\s*'([a-z_]+\.[a-z_]+)'\s*\|\s*'([a-z_]+\.[a-z_]+)'/g)) names.add(literal[1]!).add(literal[2]!);
      }
    }
  };
  walk(path.resolve('server'));
  walk(path.resolve('lib'));
  return names;
}

describe('audit event vocabulary', () => {
  it('lists every event name the code writes', () => {
    const written = [...writtenEventNames()];
    expect(written.length).toBeGreaterThan(25);
    expect(written.filter((name) => !(AUDIT_EVENTS as readonly string[]).includes(name))).toEqual([]);
  });

  it('has a Japanese label for every listed event and shows an unknown name as it is', () => {
    for (const name of AUDIT_EVENTS) expect(auditEventLabel(name), name).not.toBe(name);
    expect(auditEventLabel('api.read')).toBe('口座情報API照会');
    expect(auditEventLabel('partner.change_requested')).toBe('partner.change_requested');
  });
});
