// Fidelity: real kubectl, pointed at the replay server, sees the recorded cluster as it would a real one.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { KUBECTL_AVAILABLE } from './helpers/kubectl.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFixture, sidePathFor } from '../skill-src/cluster/fixture.js';
import { splitApiVersion } from '../skill-src/cluster/fixture-kinds.js';
import type { KubeObject } from '../skill-src/kube/types.js';
import { startReplayServer, type ReplayServer } from '../scripts/replay/server.js';
import { ROOT } from '../build/paths.js';
import { tempDir } from './helpers/temp.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'replay-basic.yaml');

if (!KUBECTL_AVAILABLE) console.warn('kubectl is not installed: skipping the kubectl fidelity tests of the replay server');

type Json = Record<string, unknown>;

describe.skipIf(!KUBECTL_AVAILABLE)('kubectl against the replay server', () => {
  const dir = tempDir('replay-kubectl');
  const fixture = parseFixture(fs.readFileSync(FIXTURE, 'utf8'), fs.readFileSync(sidePathFor(FIXTURE), 'utf8'), FIXTURE);
  const servers: ReplayServer[] = [];
  let kubeconfig = '';

  async function serve(serverVersion?: string): Promise<string> {
    const server = await startReplayServer({ objects: fixture.objects, side: serverVersion ? { ...fixture.side, serverVersion } : fixture.side });
    servers.push(server);
    const file = path.join(dir, `kubeconfig-${servers.length}`);
    fs.writeFileSync(file, server.kubeconfig());
    return file;
  }

  async function kubectl(args: string[], kc = kubeconfig): Promise<{ stdout: string; stderr: string; exitCode: number }> {
    const r = await execa('kubectl', ['--kubeconfig', kc, '--cache-dir', path.join(dir, `cache-${path.basename(kc)}`), ...args], { reject: false, env: { HOME: dir }, timeout: 110_000 });
    return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
  }

  beforeAll(async () => {
    kubeconfig = await serve();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('returns the recorded objects of every kind with `kubectl get KIND -A -o json`', async () => {
    const kinds = new Map<string, KubeObject[]>();
    for (const o of fixture.objects) {
      const { group } = splitApiVersion(String(o.apiVersion));
      const resource = group ? `${String(o.kind).toLowerCase()}.${group}` : String(o.kind).toLowerCase();
      kinds.set(resource, [...(kinds.get(resource) ?? []), o]);
    }
    expect(kinds.size).toBeGreaterThanOrEqual(10);
    for (const [resource, expected] of kinds) {
      const r = await kubectl(['get', resource, '-A', '-o', 'json']);
      if (resource === 'secret') {
        // Secrets are never served, whatever the recording holds.
        expect(r.exitCode, resource).not.toBe(0);
        expect(r.stderr).toContain('Forbidden');
        continue;
      }
      expect(r.exitCode, `${resource}: ${r.stderr}`).toBe(0);
      const items = (JSON.parse(r.stdout) as { items: Json[] }).items;
      const key = (o: { metadata?: unknown }): string => {
        const m = (o.metadata ?? {}) as Json;
        return `${String(m.namespace ?? '')}/${String(m.name)}`;
      };
      const got = new Map(items.map((i) => [key(i), i]));
      // Namespaces and CRDs the objects only imply are served too; every recorded object must be there, unchanged.
      if (resource !== 'namespace' && resource !== 'customresourcedefinition.apiextensions.k8s.io') expect([...got.keys()].sort(), resource).toEqual(expected.map(key).sort());
      for (const o of expected) {
        const item = got.get(key(o));
        expect(item, `${resource} ${key(o)}`).toBeDefined();
        const { apiVersion: _a, kind: _k, ...rest } = o;
        expect(item).toMatchObject(JSON.parse(JSON.stringify(rest)) as Json);
      }
    }
    // One kubectl per kind, one after another: on a busy machine each can take seconds, so the bound is generous.
  }, 300_000);

  it('prints `kubectl get fluxinstance -A` as a table with the READY and STATUS columns', async () => {
    const r = await kubectl(['get', 'fluxinstance', '-A']);
    expect(r.exitCode, r.stderr).toBe(0);
    const [header, row] = r.stdout.trim().split('\n').map((l) => l.trim().split(/\s{2,}/));
    expect(header).toEqual(['NAMESPACE', 'NAME', 'AGE', 'READY', 'STATUS', 'REVISION']);
    expect(row).toEqual(['flux-system', 'flux', '119m', 'True', 'Reconciliation finished in 3s', 'v2.7.5@sha256:0123abcd']);
  });

  it('answers -o jsonpath, short names and label selectors', async () => {
    const names = await kubectl(['get', 'kustomization', '-n', 'flux-system', '-o', 'jsonpath={.items[*].metadata.name}']);
    expect(names.stdout).toBe('apps flux-system infra');
    const selected = await kubectl(['get', 'ks', '-A', '-l', 'tier=platform', '-o', 'jsonpath={.items[*].metadata.name}']);
    expect(selected.stdout).toBe('flux-system infra');
    const hr = await kubectl(['get', 'hr', '-n', 'apps', 'podinfo', '-o', 'jsonpath={.status.conditions[0].reason}']);
    expect(hr.stdout).toBe('InstallFailed');
  });

  it('prints pods with their state, and events sorted by lastTimestamp', async () => {
    const pods = await kubectl(['get', 'pods', '-n', 'flux-system']);
    expect(pods.exitCode, pods.stderr).toBe(0);
    const lines = pods.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
    expect(lines[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(lines[2]?.slice(0, 4)).toEqual(['source-controller-5c7d9f8b6-q8r2t', '0/1', 'CrashLoopBackOff', '4']);
    const events = await kubectl(['get', 'events', '-n', 'flux-system', '--sort-by=.lastTimestamp']);
    expect(events.exitCode, events.stderr).toBe(0);
    const reasons = events.stdout.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/)[2]);
    // By name the Normal event comes first; by lastTimestamp it is the later one.
    expect(reasons).toEqual(['BackOff', 'ReconciliationSucceeded']);
  });

  it('refuses Secrets', async () => {
    const r = await kubectl(['get', 'secrets', '-n', 'flux-system']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('secrets is forbidden');
  });

  it('works with the kubectl of an older server version (1.27 discovery)', async () => {
    const old = await serve('v1.27.3');
    const v = await kubectl(['version', '-o', 'json'], old);
    expect(v.exitCode, v.stderr).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ clientVersion: { minor: '27' }, serverVersion: { gitVersion: 'v1.27.3' } });
    const r = await kubectl(['get', 'kustomizations', '-A', '-o', 'jsonpath={.items[*].metadata.name}'], old);
    expect(r.stdout, r.stderr).toBe('apps flux-system infra');
    const table = await kubectl(['get', 'gitrepo', '-n', 'flux-system'], old);
    expect(table.stdout.split('\n')[0]?.trim().split(/\s+/)).toEqual(['NAME', 'URL', 'AGE', 'READY', 'STATUS']);
  });
});
