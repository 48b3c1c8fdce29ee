// Where a live run's time goes, phase by phase, measured in-process over the same sources: collection
// (network and JSON parsing), checks and report, rendering. Node start-up and loading the bundle are
// measured apart (`node -e 0`, `--help`), since this harness loads modules differently.
import { performance } from 'node:perf_hooks';
import { liveTargets } from '../../skill-src/app/live-access.js';
import { neededInputs, reportFor } from '../../skill-src/app/validate.js';
import { collect } from '../../skill-src/cluster/collect.js';
import { renderMarkdown } from '../../skill-src/render/markdown.js';

export interface Phases {
  prepareMs: number;
  collectMs: number;
  checksMs: number;
  renderMs: number;
}

export async function phases(kubeconfig: string): Promise<Phases> {
  const t0 = performance.now();
  const [target] = await liveTargets({ kubeconfig, contexts: [], allContexts: false }, process.env);
  if (!target) throw new Error(`no context in ${kubeconfig}`);
  const t1 = performance.now();
  const state = await collect(target.transport, { mode: 'live', context: target.context, server: target.server, needs: neededInputs(), deadline: Date.now() + 120_000, probeUi: false });
  const t2 = performance.now();
  const report = reportFor(state);
  const t3 = performance.now();
  renderMarkdown(report);
  const t4 = performance.now();
  return { prepareMs: t1 - t0, collectMs: t2 - t1, checksMs: t3 - t2, renderMs: t4 - t3 };
}

// As a command: print the median phases of N runs against a kubeconfig.
if (process.argv[1]?.endsWith('phases.ts')) {
  const [kubeconfig = '', runs = '5'] = process.argv.slice(2);
  const all: Phases[] = [];
  for (let i = 0; i < Number(runs) + 1; i++) all.push(await phases(kubeconfig));
  const med = (k: keyof Phases): number => all.slice(1).map((p) => p[k]).sort((a, b) => a - b)[Math.floor((all.length - 1) / 2)] ?? NaN;
  console.log(JSON.stringify({ prepareMs: med('prepareMs'), collectMs: med('collectMs'), checksMs: med('checksMs'), renderMs: med('renderMs') }));
}
