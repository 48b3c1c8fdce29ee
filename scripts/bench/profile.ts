// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function, and by script.
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Sampled time not spent running JavaScript: idle (waiting for the network), GC, program. */
  idleMs: number;
  gcMs: number;
  top: { name: string; selfMs: number }[];
}

function label(n: ProfileNode): string {
  const f = n.callFrame;
  const file = f.url ? f.url.split('/').pop() ?? f.url : '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
}

export function summariseProfile(file: string, topN = 8): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  // A sample's time is the delta to the next sample.
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i] as number;
    const dt = (deltas[i + 1] ?? 0) / 1000;
    self.set(id, (self.get(id) ?? 0) + dt);
  }
  const byName = new Map<string, number>();
  let idle = 0;
  let gc = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const name = n.callFrame.functionName;
    if (name === '(idle)') idle += ms;
    else if (name === '(garbage collector)') gc += ms;
    const l = label(n);
    byName.set(l, (byName.get(l) ?? 0) + ms);
  }
  const top = [...byName]
    .filter(([name]) => !name.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, topN)
    .map(([name, selfMs]) => ({ name, selfMs }));
  return { totalMs: (p.endTime - p.startTime) / 1000, idleMs: idle, gcMs: gc, top };
}
