// bench/run.ts's handle on the load generator process (bench/load-worker.ts).
import { spawn } from 'node:child_process';
import { fapiLinkagesFileBeside } from './build-db';
import type { RunRequest } from './load';
import type { WorkerCommand, WorkerReply } from './load-worker';
import { pinnedNode, type Pinning } from './pinning';
import type { Measurement } from './stats';

export interface LoadGenerator {
  run: (run: RunRequest) => Promise<Measurement>;
  acknowledgedTokens: () => Promise<Record<string, string[]>>;
  pid: number;
  stop: () => void;
}

export async function startLoadGenerator(pinning: Pinning, linkagesFile: string, peerTokensFile: string | null): Promise<LoadGenerator> {
  const [command, args] = pinnedNode(pinning, pinning.loadCore, ['--import', 'tsx', 'bench/load-worker.ts']);
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number | 'ready', (reply: WorkerReply) => void>();
  child.on('message', (reply: WorkerReply) => {
    const key = reply.type === 'ready' ? 'ready' : reply.id;
    waiting.get(key)?.(reply);
    waiting.delete(key);
  });
  child.on('exit', (code) => {
    for (const [, resolve] of waiting) resolve({ type: 'result', id: -1, error: `load generator exited (${code})` });
    waiting.clear();
  });
  let nextId = 0;
  const ask = (key: number | 'ready', message: WorkerCommand) =>
    new Promise<WorkerReply>((resolve) => {
      waiting.set(key, resolve);
      child.send(message);
    });
  await ask('ready', { type: 'init', linkagesFile, fapiLinkagesFile: fapiLinkagesFileBeside(linkagesFile), peerTokensFile });
  return {
    pid: child.pid!,
    run: async (run) => {
      const id = nextId++;
      const reply = await ask(id, { type: 'run', id, run });
      if (reply.type !== 'result' || !reply.measurement) throw new Error(`load run ${run.label} failed: ${reply.type === 'result' ? reply.error : reply.type}`);
      return reply.measurement;
    },
    acknowledgedTokens: async () => {
      const id = nextId++;
      const reply = await ask(id, { type: 'acknowledged', id });
      return reply.type === 'acknowledged' ? reply.tokens : {};
    },
    stop: () => child.kill('SIGTERM'),
  };
}
