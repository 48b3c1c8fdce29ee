// Several clusters in one run: --context A --context B and --all-contexts validate concurrently,
// print a fleet summary, and exit 1 when any cluster has an error.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from './helpers/built.js';
import { SCENARIO_DIR, cleanEnv } from './helpers/golden.js';
import { startReplay, type Replay } from './helpers/replay.js';
import { tempDir } from './helpers/temp.js';
import { AMPLE_TIMEOUT_S } from './helpers/timeouts.js';

interface Named {
  name: string;
  [k: string]: unknown;
}
interface KubeconfigDoc {
  clusters: Named[];
  users: Named[];
  contexts: (Named & { context: { cluster: string; user: string } })[];
  'current-context'?: string;
}

/** One kubeconfig holding every replay server, each under its own context name. */
function merge(files: { name: string; file: string }[]): string {
  const out: KubeconfigDoc = { clusters: [], users: [], contexts: [] };
  for (const { name, file } of files) {
    const doc = yaml.load(fs.readFileSync(file, 'utf8')) as KubeconfigDoc;
    out.clusters.push(...doc.clusters.map((c) => ({ ...c, name })));
    out.users.push(...doc.users.map((u) => ({ ...u, name })));
    out.contexts.push({ name, context: { cluster: name, user: name } });
  }
  out['current-context'] = files[0]?.name ?? '';
  const target = path.join(tempDir('fleet'), 'kubeconfig');
  fs.writeFileSync(target, yaml.dump({ apiVersion: 'v1', kind: 'Config', ...out }));
  return target;
}

interface Fleet {
  fleet: { context: string; verdict: string; errors: number }[];
  clusters: { cluster: { context: string }; verdict: string }[];
}

describe('several clusters', () => {
  const servers: Replay[] = [];
  let kubeconfig = '';

  beforeAll(async () => {
    const names = ['healthy', 'git-auth-failure', 'suspended'];
    for (const n of names) servers.push(await startReplay(path.join(SCENARIO_DIR, `${n}.yaml`)));
    kubeconfig = merge(names.map((name, i) => ({ name, file: servers[i]?.kubeconfigPath ?? '' })));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('--all-contexts gives one entry per cluster and exit 1 when any cluster fails', async () => {
    const r = await runScript(['--kubeconfig', kubeconfig, '--all-contexts', '--output', 'json', '--no-probe-ui', '--timeout', String(AMPLE_TIMEOUT_S)], { env: cleanEnv() });
    expect(r.exitCode, r.stderr).toBe(1);
    const fleet = JSON.parse(r.stdout) as Fleet;
    expect(fleet.fleet.map((e) => [e.context, e.verdict])).toEqual([
      ['healthy', 'healthy'],
      ['git-auth-failure', 'failed'],
      // Suspensions nothing waits on are info: deliberate, not a fault.
      ['suspended', 'healthy'],
    ]);
    expect(fleet.clusters.map((c) => c.cluster.context)).toEqual(['healthy', 'git-auth-failure', 'suspended']);
  });

  it('--context A --context B validates just those, exit 0 when none has an error', async () => {
    const r = await runScript(['--kubeconfig', kubeconfig, '--context', 'healthy', '--context', 'suspended', '--no-probe-ui', '--timeout', String(AMPLE_TIMEOUT_S)], { env: cleanEnv() });
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.some((l) => l.includes('healthy') && l.includes('healthy,'))).toBe(true);
    expect(r.stdout).toContain('suspended');
    expect(r.stdout).not.toContain('git-auth-failure');
  });

  it('markdown has a fleet summary before the clusters', async () => {
    const r = await runScript(['--kubeconfig', kubeconfig, '--all-contexts', '--output', 'markdown', '--no-probe-ui', '--timeout', String(AMPLE_TIMEOUT_S)], { env: cleanEnv() });
    const summary = r.stdout.indexOf('git-auth-failure');
    const firstCluster = r.stdout.indexOf('## Cluster');
    expect(summary).toBeGreaterThan(-1);
    expect(firstCluster).toBeGreaterThan(summary);
  });

  it('an unknown context is a usage error', async () => {
    const r = await runScript(['--kubeconfig', kubeconfig, '--context', 'healthy', '--context', 'nope']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('context "nope" is not in the kubeconfig');
  });
});
