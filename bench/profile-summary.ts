// Reads a V8 .cpuprofile (node --cpu-prof) into the few lists that say where a request's
// time goes: self time by function, self time by area (our modules, each package, Node's
// internals, the garbage collector), and inclusive time of our own functions.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  ms: number;
  /** Of all sampled time except (idle). */
  percent: number;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  selfByFunction: Share[];
  selfByArea: Share[];
  inclusiveOurs: Share[];
}

const OUR_DIRS = /\/(server|lib|db|bench|scripts|app)\/(.+)$/;

/** `server/oauth/x.ts` for a file of this repository, null for anything else. */
function ourPath(url: string): { dir: string; path: string } | null {
  if (url.includes('/node_modules/')) return null;
  const match = OUR_DIRS.exec(url);
  return match ? { dir: match[1]!, path: `${match[1]}/${match[2]}` } : null;
}

/** Where a frame's code lives: one of our folders, a package, Node itself, or V8. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : `native: ${functionName || '(anonymous)'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:internal/deps/undici')) return 'node: undici (Request, Response, Headers)';
  if (url.startsWith('node:')) return 'node: internals';
  const ours = ourPath(url);
  return ours ? `ours: ${ours.dir}/` : url;
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = ourPath(url)?.path ?? url.split('/').slice(-2).join('/');
  return where ? `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}` : functionName || '(anonymous)';
}

function top(map: Map<string, number>, busy: number, count: number): Share[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, percent: Math.round((us / busy) * 1000) / 10 }));
}

/** `windowUs`: only samples stamped inside it (the measured run, without start-up). */
export function summarizeProfile(profile: CpuProfile, windowUs?: [number, number], count = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (windowUs && (at < windowUs[0] || at > windowUs[1])) return;
    self.set(id, (self.get(id) ?? 0) + delta);
  });
  const idleUs = [...self].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((s, [, us]) => s + us, 0);
  const totalUs = [...self.values()].reduce((s, us) => s + us, 0);
  const busy = Math.max(1, totalUs - idleUs);

  const selfByFunction = new Map<string, number>();
  const selfByArea = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    const name = frameName(node);
    selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + us);
    const area = areaOf(node.callFrame.url, node.callFrame.functionName);
    selfByArea.set(area, (selfByArea.get(area) ?? 0) + us);
  }

  // Inclusive time of our functions; a function on the stack twice is counted once.
  const inclusive = new Map<string, number>();
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const node = byId.get(at)!;
      if (!ourPath(node.callFrame.url)) continue;
      const name = frameName(node);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }

  return {
    busyMs: Math.round(busy / 1000),
    idleMs: Math.round(idleUs / 1000),
    selfByFunction: top(selfByFunction, busy, count),
    selfByArea: top(selfByArea, busy, count),
    inclusiveOurs: top(inclusive, busy, count),
  };
}

export function formatProfile(summary: ProfileSummary, requests: number): string {
  const perRequest = (ms: number) => (requests ? `${Math.round((ms * 1000) / requests)} µs/req` : '');
  const list = (title: string, shares: Share[]) =>
    [`${title}:`, ...shares.map((s) => `  ${s.percent.toFixed(1).padStart(5)} %  ${perRequest(s.ms).padStart(12)}  ${s.name}`)].join('\n');
  return [
    `sampled: ${summary.busyMs} ms busy, ${summary.idleMs} ms idle, ${requests} requests (${perRequest(summary.busyMs)} of main-thread time)`,
    list('self time by area', summary.selfByArea),
    list('self time by function', summary.selfByFunction),
    list('inclusive time of our functions', summary.inclusiveOurs),
  ].join('\n');
}
