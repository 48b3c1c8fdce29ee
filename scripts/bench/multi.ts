// Many clusters at once: N replay servers, one kubeconfig merging their contexts, `--all-contexts`
// against the largest cluster alone.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { SCRIPT_PATH } from '../../build/paths.js';
import { fleet } from './fleets.js';
import { runMeasured, timeCommands, type Timing } from './measure.js';
import { readKubeconfig, startReplay, type KubeconfigDoc, type ReplayServer } from './replay.js';
import { LATENCY_MS } from './run.js';

export interface MultiResult {
  clusters: { name: string; objects: number; failing: number }[];
  totalObjects: number;
  all: Timing;
  single: Timing;
  singleName: string;
  /** One run per context, one after the other: what validating the clusters one by one costs. */
  sequentialMs: number;
  allOutputBytes: number;
  allPeakRssBytes: number;
  allExitCode: number;
  /** Set when the --all-contexts run produced no report. */
  failed?: string;
}

/** One kubeconfig holding every server's cluster, user and context, each renamed after its fleet. */
export function mergeKubeconfigs(files: { name: string; file: string }[]): KubeconfigDoc {
  const merged: KubeconfigDoc = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [], preferences: {} };
  for (const { name, file } of files) {
    const kc = readKubeconfig(file);
    const ctx = kc.contexts.find((c) => c.name === kc['current-context']) ?? kc.contexts[0];
    const cluster = kc.clusters.find((c) => c.name === ctx?.context.cluster) ?? kc.clusters[0];
    const user = kc.users.find((u) => u.name === ctx?.context.user) ?? kc.users[0];
    if (!cluster || !user) throw new Error(`kubeconfig ${file} has no cluster or user`);
    merged.clusters.push({ name, cluster: cluster.cluster });
    merged.users.push({ name, user: user.user });
    merged.contexts.push({ name, context: { cluster: name, user: name } });
  }
  merged['current-context'] = files[0]?.name;
  return merged;
}

export async function benchMulti(count: number, runs: number, work: string, log: (s: string) => void): Promise<MultiResult> {
  const specs = Array.from({ length: count }, (_, i) => ({
    name: `cluster-${String(i + 1).padStart(2, '0')}`,
    objects: count === 1 ? 5000 : Math.round(1000 + (i * 4000) / (count - 1)),
    failures: i % 4 === 1 ? 20 : 0,
    seed: 100 + i,
  }));
  log(`▸ ${count} clusters: generating fleets of ${specs[0]?.objects ?? 0}-${specs[specs.length - 1]?.objects ?? 0} objects`);
  const fleets = [];
  for (const s of specs) fleets.push({ spec: s, fleet: await fleet(s.name, s.objects, s.failures, s.seed) });
  log(`▸ ${count} clusters: starting ${count} replay servers (${LATENCY_MS} ms latency each)`);
  const servers: ReplayServer[] = await Promise.all(fleets.map((f) => startReplay(f.fleet.file, work, { latencyMs: LATENCY_MS, name: f.spec.name })));
  try {
    const kubeconfig = path.join(work, 'merged.kubeconfig');
    fs.writeFileSync(kubeconfig, yaml.dump(mergeKubeconfigs(fleets.map((f, i) => ({ name: f.spec.name, file: (servers[i] as ReplayServer).kubeconfig })))));
    const largest = specs[specs.length - 1]?.name ?? '';
    const allArgv = ['bash', SCRIPT_PATH, '--kubeconfig', kubeconfig, '--all-contexts', '--output', 'markdown', '--no-probe-ui'];
    const singleArgv = ['bash', SCRIPT_PATH, '--kubeconfig', kubeconfig, '--context', largest, '--output', 'markdown', '--no-probe-ui'];
    const once = await runMeasured(allArgv);
    fs.writeFileSync(path.join(work, 'all-contexts.report.md'), once.stdout);
    log(`  --all-contexts: ${once.wallMs.toFixed(0)} ms, exit ${once.exitCode}, peak RSS ${(once.peakRssBytes / 1e6).toFixed(0)} MB, output ${Buffer.byteLength(once.stdout)} bytes`);
    if (once.exitCode > 1 || once.stdout.trim() === '') log(`  ! --all-contexts exited ${once.exitCode}: ${once.stderr.trim().split('\n').slice(-2).join(' | ')}`);
    log(`  timing --all-contexts and --context ${largest}: ${runs} runs each`);
    const [all, single] = await timeCommands([{ argv: allArgv }, { argv: singleArgv }], runs, 1);
    log(`  one run per context, one after the other`);
    let sequentialMs = 0;
    for (const f of fleets) {
      const r = await runMeasured(['bash', SCRIPT_PATH, '--kubeconfig', kubeconfig, '--context', f.spec.name, '--output', 'markdown', '--no-probe-ui']);
      sequentialMs += r.wallMs;
    }
    return {
      clusters: fleets.map((f) => ({ name: f.spec.name, objects: f.fleet.summary.objects, failing: f.fleet.summary.failing })),
      totalObjects: fleets.reduce((a, f) => a + f.fleet.summary.objects, 0),
      all: all as Timing,
      single: single as Timing,
      singleName: largest,
      sequentialMs,
      allOutputBytes: Buffer.byteLength(once.stdout),
      allPeakRssBytes: once.peakRssBytes,
      allExitCode: once.exitCode,
      ...(once.exitCode > 1 || once.stdout.trim() === '' ? { failed: `exit ${once.exitCode}, ${once.stderr.trim().split('\n').slice(-2).join(' | ') || 'no output'}` } : {}),
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
