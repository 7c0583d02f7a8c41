// `next build` must leave a fresh checkout clean: it rewrites tsconfig.json unless the file
// extends another one. This runs the very function the build runs, on copies.
import { afterAll, expect, it } from 'vitest';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { writeConfigurationDefaults } = require('next/dist/lib/typescript/writeConfigurationDefaults') as {
  writeConfigurationDefaults: (tsVersion: string, file: string, firstTime: boolean, hasAppDir: boolean, distDir: string, hasPagesDir: boolean, strictRouteTypes: boolean) => Promise<void>;
};
const typescriptVersion = (require('typescript/package.json') as { version: string }).version;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-tsconfig-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function afterBuildWith(distDir: string, files: Record<string, string>): Promise<string> {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  await writeConfigurationDefaults(typescriptVersion, path.join(dir, 'tsconfig.json'), false, true, distDir, false, false);
  return fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8');
}

it('next build leaves the committed tsconfig.json as it is, for .next and for every e2e build folder', async () => {
  const committed = { 'tsconfig.json': fs.readFileSync('tsconfig.json', 'utf8'), 'tsconfig.base.json': fs.readFileSync('tsconfig.base.json', 'utf8') };
  for (const distDir of ['.next', '.next-e2e-3100', '.next-e2e-3999', '.next-bench']) {
    expect(await afterBuildWith(distDir, committed)).toBe(committed['tsconfig.json']);
  }
});

it('would rewrite it if the compiler options were inlined (what this layout avoids)', async () => {
  const base = JSON.parse(fs.readFileSync('tsconfig.base.json', 'utf8')) as object;
  const inlined = `${JSON.stringify({ ...base, include: ['next-env.d.ts', '**/*.ts'], exclude: ['node_modules'] }, null, 2)}\n`;
  expect(await afterBuildWith('.next-e2e-3999', { 'tsconfig.json': inlined })).toContain('.next-e2e-3999/types/**/*.ts');
});
