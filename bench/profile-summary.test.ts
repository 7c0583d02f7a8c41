import { describe, expect, it } from 'vitest';
import { areaOf, summarizeProfile, type CpuProfile } from './profile-summary';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url, lineNumber: 0 },
  children,
});

// root → handleToken (ours) → run (drizzle) ; root → (idle) ; root → (garbage collector)
const profile: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', [2, 4, 5]),
    frame(2, 'handleToken', 'file:///work/wt-e/server/oauth/token-handler.ts', [3]),
    frame(3, 'run', 'file:///work/wt-e/node_modules/drizzle-orm/better-sqlite3/session.js'),
    frame(4, '(idle)', ''),
    frame(5, '(garbage collector)', ''),
  ],
  startTime: 1_000,
  // Samples at 1,100 (handler), 1,400 (drizzle), 1,500 (idle), 1,700 (GC), 2,700 (drizzle).
  samples: [2, 3, 4, 5, 3],
  timeDeltas: [100, 300, 100, 200, 1_000],
};

describe('CPU profile summary', () => {
  it('names where code lives: our folders, packages, Node, V8', () => {
    expect(areaOf('file:///work/wt-e/server/group-commit.ts', 'flush')).toBe('ours: server/');
    expect(areaOf('file:///work/wt-e/node_modules/@oslojs/crypto/dist/sha2/sha256.js', 'x')).toBe('@oslojs/crypto');
    expect(areaOf('file:///work/wt-e/node_modules/oidc-provider/lib/models/grant.js', 'save')).toBe('oidc-provider');
    expect(areaOf('node:internal/deps/undici/undici', 'Request')).toMatch(/^node: undici/);
    expect(areaOf('', '(garbage collector)')).toBe('(garbage collector)');
    expect(areaOf('', 'run')).toBe('native: run');
  });

  it('counts self time by area and inclusive time of our functions, idle apart', () => {
    const summary = summarizeProfile(profile);
    expect(summary.idleMs).toBe(0);
    expect(summary.busyMs).toBe(2);
    expect(summary.selfByArea.find((s) => s.name === 'drizzle-orm')?.ms).toBe(1.3);
    expect(summary.inclusiveOurs[0]).toMatchObject({ name: 'handleToken server/oauth/token-handler.ts:1', ms: 1.4 });
  });

  it('keeps only the samples inside the measured window', () => {
    const summary = summarizeProfile(profile, [1_050, 1_450]);
    expect(summary.selfByArea.map((s) => [s.name, s.ms])).toEqual([
      ['drizzle-orm', 0.3],
      ['ours: server/', 0.1],
    ]);
  });
});
