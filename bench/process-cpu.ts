// CPU time of a process and everything under it (PostgreSQL's postmaster and its backends),
// from /proc: utime + stime in clock ticks (USER_HZ, 100 on Linux).
import fs from 'node:fs';

function statFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null; // gone meanwhile
  }
}

export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = Number(statFields(Number(entry))?.[1]);
    if (parent) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const all = [root];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]!) ?? []));
  return all;
}

/**
 * Live processes' utime + stime, plus the root's cutime + cstime: a backend that exits (an
 * idle pool connection closed) hands its time to the postmaster when reaped, so the sum never
 * goes backwards.
 */
export function processTreeCpuSeconds(root: number): number {
  const reaped = statFields(root);
  const children = reaped ? (Number(reaped[13]) + Number(reaped[14])) / 100 : 0;
  return processTree(root).reduce((sum, pid) => {
    const fields = statFields(pid);
    return fields ? sum + (Number(fields[11]) + Number(fields[12])) / 100 : sum;
  }, children);
}
