// npm run bench -- --profile[=target/scenario] (default lean/refresh_grant): runs that one
// server under node --cpu-prof, pinned as in the benchmark, drives the scenario, stops the
// server with SIGTERM (the profile is written at exit) and prints where the main thread's
// time went during the measured run, per request. The profile stays in bench/data/profiles/
// for Chrome DevTools, with the summary beside it.
import fs from 'node:fs';
import path from 'node:path';
import { startLoadGenerator } from './load-generator';
import type { ScenarioName, Target } from './plan';
import { formatProfile, summarizeProfile, type CpuProfile } from './profile-summary';
import { startServer, type ServerOptions } from './servers';

export interface ProfileOptions {
  target: Target;
  scenario: ScenarioName;
  port: number;
  serverOptions: ServerOptions;
  linkagesFile: string;
  connections: number;
  durationSeconds: number;
  log: (message: string) => void;
}

const PROFILE_DIR = path.join('bench', 'data', 'profiles');

export async function runProfile(options: ProfileOptions): Promise<void> {
  const { target, scenario, log } = options;
  fs.rmSync(PROFILE_DIR, { recursive: true, force: true });
  fs.mkdirSync(PROFILE_DIR, { recursive: true });
  // The preload exits on SIGTERM through process.exit, which is when --cpu-prof writes.
  const nodeFlags = ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, '--import', './bench/exit-on-sigterm.mjs'];
  log(`profiling ${target}/${scenario} (node --cpu-prof)`);
  const server = await startServer(target, { ...options.serverOptions, port: options.port, nodeFlags });
  const load = await startLoadGenerator(options.serverOptions.pinning, options.linkagesFile, target === 'peer' ? options.serverOptions.peerTokensFile : null);
  const base = { origin: server.origin, target, scenario, connections: options.connections, round: 1, serverPid: server.pid };
  let requests = 0;
  let windowUs: [number, number] | undefined;
  try {
    await load.run({ ...base, durationSeconds: 3, label: `${target}/${scenario} warm-up` });
    const measured = await load.run({ ...base, durationSeconds: options.durationSeconds, label: `${target}/${scenario} profiled` });
    requests = measured.requests;
    windowUs = measured.windowUs;
    log(
      `  ${measured.requestsPerSecond} req/s, server CPU ${measured.serverCpuMicrosPerRequest} µs/request (all threads; ` +
        `main thread ${measured.mainThreadCpuMicrosPerRequest}), errors ${measured.errors}`,
    );
  } finally {
    load.stop();
    await server.terminate();
  }
  // One profile per thread (tsx's loader and the checkpoint worker have their own): the
  // main thread's is the busiest one.
  const profiles = fs
    .readdirSync(PROFILE_DIR)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => {
      const profile = JSON.parse(fs.readFileSync(path.join(PROFILE_DIR, name), 'utf8')) as CpuProfile;
      return { file: name, profile, busyMs: summarizeProfile(profile, windowUs, 1).busyMs };
    })
    .sort((a, b) => b.busyMs - a.busyMs);
  if (!profiles[0]) throw new Error(`no profile written in ${PROFILE_DIR}`);
  const { file, profile } = profiles[0];
  const text = formatProfile(summarizeProfile(profile, windowUs), requests);
  const out = path.join(PROFILE_DIR, `${target}-${scenario}.txt`);
  fs.writeFileSync(out, `${target}/${scenario}, ${requests} requests, profile ${path.join(PROFILE_DIR, file)}\n${text}\n`);
  console.log(`\n${text}\n`);
  log(`written to ${out}`);
}
