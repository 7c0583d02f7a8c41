// Core pinning on the shared 2-core machine: every server on one core, the load generator on
// the other, so neither steals the other's CPU and a server's CPU µs/request is its own.
// Without taskset (or with one core) processes run unpinned, and the output says so.
import { spawnSync } from 'node:child_process';
import os from 'node:os';

export interface Pinning {
  available: boolean;
  serverCore: number;
  loadCore: number;
  note: string;
}

export function detectPinning(): Pinning {
  const cores = os.cpus().length;
  const taskset = spawnSync('taskset', ['--version'], { stdio: 'ignore' });
  const available = taskset.status === 0 && cores >= 2;
  const note = available
    ? `servers pinned to core 0, load generator to core 1 (taskset; ${cores} cores)`
    : taskset.status !== 0
      ? 'NOT PINNED: taskset is missing, servers and load generator share every core'
      : 'NOT PINNED: only one core';
  return { available, serverCore: 0, loadCore: 1, note };
}

/** The command and arguments that run `node args…` on one core (taskset execs node: same pid). */
export function pinnedNode(pinning: Pinning, core: number, args: string[]): [string, string[]] {
  return pinning.available ? ['taskset', ['-c', String(core), process.execPath, ...args]] : [process.execPath, args];
}
