// The load generator: its own process (pinned to the other core where taskset exists),
// driven by bench/run.ts over IPC. It holds every scenario, so the refresh pools carry their
// rotated tokens from run to run and from server to server.
import fs from 'node:fs';
import type { BenchFapiLinkages, BenchLinkage } from './build-db';
import { dpopRefreshScenario, dpopTransactionsScenario } from './dpop-scenarios';
import { runLoad, type RunRequest } from './load';
import type { ScenarioName } from './plan';
import {
  accountsScenario,
  balancesScenario,
  baselineScenario,
  fixedJsonScenario,
  floorFixedScenario,
  floorPageScenario,
  oursRefreshScenario,
  peerRefreshScenario,
  plainPageScenario,
  transactionsScenario,
  type PeerToken,
  type Scenario,
} from './scenarios';

export type WorkerCommand =
  | { type: 'init'; linkagesFile: string; fapiLinkagesFile: string; peerTokensFile: string | null }
  | { type: 'run'; id: number; run: RunRequest }
  | { type: 'acknowledged'; id: number };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; measurement?: import('./stats').Measurement; error?: string }
  | { type: 'acknowledged'; id: number; tokens: Record<string, string[]> };

type Family = 'ours' | 'peer' | 'limit';
let scenarios = new Map<string, Scenario>();

const familyOf = (target: string): Family => (target === 'peer' || target === 'limit' ? target : 'ours');

function init(linkagesFile: string, fapiLinkagesFile: string, peerTokensFile: string | null): void {
  const linkages = JSON.parse(fs.readFileSync(linkagesFile, 'utf8')) as BenchLinkage[];
  const fapi = JSON.parse(fs.readFileSync(fapiLinkagesFile, 'utf8')) as BenchFapiLinkages;
  // The floor of the refresh grant rotates the very tokens ours does: one pool for both.
  const oursRefresh = oursRefreshScenario(linkages);
  const entries: [Family, Scenario][] = [
    ['ours', baselineScenario()],
    ['ours', accountsScenario(linkages)],
    ['ours', balancesScenario(linkages)],
    ['ours', transactionsScenario(linkages)],
    ['ours', oursRefresh],
    ['ours', dpopTransactionsScenario(fapi)],
    ['ours', dpopRefreshScenario(fapi)],
    ['limit', fixedJsonScenario()],
    ['limit', plainPageScenario(linkages)],
    ['limit', floorFixedScenario(linkages)],
    ['limit', floorPageScenario(linkages)],
    ['limit', oursRefresh.at('floor_rotation', '/floor/token')],
  ];
  if (peerTokensFile) entries.push(['peer', peerRefreshScenario(JSON.parse(fs.readFileSync(peerTokensFile, 'utf8')) as PeerToken[])]);
  scenarios = new Map(entries.map(([family, scenario]) => [`${family}/${scenario.name}`, scenario]));
}

const reply = (message: WorkerReply) => process.send!(message);

process.on('message', async (command: WorkerCommand) => {
  if (command.type === 'init') {
    init(command.linkagesFile, command.fapiLinkagesFile, command.peerTokensFile);
    return reply({ type: 'ready' });
  }
  if (command.type === 'acknowledged') {
    return reply({ type: 'acknowledged', id: command.id, tokens: scenarios.get('ours/refresh_grant')?.acknowledgedTokens?.() ?? {} });
  }
  const { run } = command;
  const scenario = scenarios.get(`${familyOf(run.target)}/${run.scenario as ScenarioName}`);
  try {
    if (!scenario) throw new Error(`no scenario ${run.scenario} for ${run.target}`);
    await scenario.prepare?.(run);
    reply({ type: 'result', id: command.id, measurement: await runLoad(run, scenario) });
  } catch (error) {
    reply({ type: 'result', id: command.id, error: error instanceof Error ? error.message : String(error) });
  }
});
