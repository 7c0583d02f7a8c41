import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, readSettings, SETTINGS } from './config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    readSettings(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
}

describe('configuration', () => {
  it('takes the documented defaults when nothing is set, and an empty value as unset', () => {
    const settings = readSettings({ TRUST_PROXY: '' });
    expect(settings.TRUST_PROXY).toBe(0);
    expect(settings.LOGIN_LOCK_THRESHOLD).toBe(5);
    expect(settings.DATABASE_PATH).toBe('data/tsunagu.db');
    expect(settings.APP_ORIGIN).toBeUndefined();
  });

  it('refuses a wrong value naming the setting instead of falling back to the default', () => {
    const problems = problemsOf({ TRUST_PROXY: 'yes', LOGIN_LOCK_THRESHOLD: '0', APP_ORIGIN: 'ftp://bank.example', LOG_LEVEL: 'verbose', PORT: '70000', WAL_CHECKPOINT_THREAD: 'off' });
    expect(problems.map((problem) => problem.split('=')[0])).toEqual(['PORT', 'APP_ORIGIN', 'TRUST_PROXY', 'LOG_LEVEL', 'LOGIN_LOCK_THRESHOLD', 'WAL_CHECKPOINT_THREAD']);
    expect(problems.find((problem) => problem.startsWith('TRUST_PROXY'))).toContain('must be a whole number');
  });

  it('is the table the README documents, name for name and default for default', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const rows = [...section.slice(0, section.indexOf('\n## ', 5)).matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm)].map(([, name, fallback]) => [name, fallback!.trim()]);
    const documented = Object.entries(SETTINGS).map(([name, setting]) => [name, 'default' in setting && setting.default !== undefined ? `\`${setting.default}\`` : '—']);
    expect(rows).toEqual(documented);
  });

  it('stops the lean server at start with a message naming the bad setting', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/partner-server.ts'], {
      env: { ...process.env, TRUST_PROXY: 'one' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('TRUST_PROXY="one": must be a whole number');
    expect(result.stdout).not.toContain('partner server on');
  });

  it('is fixed once a server has checked it at start, for every copy of the module', () => {
    // A child process: the frozen settings live on globalThis for the rest of the process.
    const script = [
      "const first = await import('./lib/config.ts');",
      'first.checkConfigurationOrExit();',
      "process.env.APP_ORIGIN = 'https://changed.example';",
      "const second = await import('./lib/config.ts?copy');",
      'console.log(JSON.stringify([first.config.appOrigin, second.config.appOrigin]));',
    ].join('\n');
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, APP_ORIGIN: 'https://bank.example' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(['https://bank.example', 'https://bank.example']);
  });
});
