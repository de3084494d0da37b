import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resident memory of a process and its descendants, sampled from /proc every `everyMs`: the peak
 * over the run, and the latest sample; and the CPU time they have used (user + system).
 */

function residentKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * User + system CPU seconds of a process and of its children that have exited (PostgreSQL's
 * backends come and go), in clock ticks of 1/100 s on Linux.
 */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / 100;
  } catch {
    return 0;
  }
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // exited meanwhile
    }
  }
  const all = [root];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i] as number) ?? []));
  return all;
}

export interface MemorySampler {
  peakMb(): number;
  lastMb(): number;
  /** Mean of the samples taken since `since` (ms, performance.now()). */
  meanSinceMb(since: number): number;
  /** CPU seconds the process and its descendants have used so far. */
  cpuSeconds(): number;
  stop(): void;
}

export function sampleMemory(pid: number, everyMs = 200): MemorySampler {
  let tree = descendants(pid);
  let ticks = 0;
  const samples: { at: number; kb: number }[] = [];
  const take = () => {
    if (++ticks % 25 === 0) tree = descendants(pid);
    samples.push({ at: performance.now(), kb: tree.reduce((sum, p) => sum + residentKb(p), 0) });
  };
  take();
  const timer = setInterval(take, everyMs);
  const mb = (kb: number) => Math.round(kb / 1024);
  return {
    peakMb: () => mb(Math.max(...samples.map((s) => s.kb))),
    lastMb: () => mb(samples[samples.length - 1]?.kb ?? 0),
    meanSinceMb(since) {
      const recent = samples.filter((s) => s.at >= since);
      return mb(recent.reduce((sum, s) => sum + s.kb, 0) / Math.max(1, recent.length));
    },
    cpuSeconds: () => tree.reduce((sum, p) => sum + cpuSeconds(p), 0),
    stop: () => clearInterval(timer),
  };
}
