// The benchmark's own arithmetic: request-log parsing and classification, minimum pages, kubeconfig
// merging, medians, the byte-counting relay, and CPU profile summaries.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { median } from '../scripts/bench/measure.js';
import { mergeKubeconfigs } from '../scripts/bench/multi.js';
import { summariseProfile } from '../scripts/bench/profile.js';
import { countingProxy } from '../scripts/bench/proxy.js';
import { breakdown, parseRequestLog, rewritePort, readKubeconfig } from '../scripts/bench/replay.js';
import { minimumPages } from '../scripts/bench/report.js';
import { floorPaths } from '../scripts/bench/run.js';
import { tempDir } from './helpers/temp.js';

const dir = tempDir('fleet-bench-test');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const LOG = [
  { method: 'GET', path: '/version', query: {} },
  { method: 'GET', path: '/apis', query: {} },
  { method: 'GET', path: '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations', query: { limit: '500' } },
  { method: 'GET', path: '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations', query: { limit: '500', continue: 'abc' } },
  { method: 'GET', path: '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations', query: { limit: '500', continue: 'def' } },
  { method: 'GET', path: '/api/v1/namespaces/flux-system/pods', query: { limit: '500', labelSelector: 'app.kubernetes.io/part-of=flux' } },
  { method: 'GET', path: '/api/v1/namespaces/flux-system/pods', query: { limit: '500', labelSelector: 'app.kubernetes.io/name=flux-operator' } },
  { method: 'GET', path: '/api/v1/namespaces/flux-system/pods/flux-operator-abc', query: {} },
  { method: 'GET', path: '/apis/source.toolkit.fluxcd.io/v1', query: {} },
  { method: 'POST', path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', query: {} },
  { method: 'POST', path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', query: {} },
]
  .map((e) => JSON.stringify(e))
  .join('\n');

describe('request log', () => {
  it('parses JSON lines and text lines alike', () => {
    const reqs = parseRequestLog(`${LOG}\nGET /api/v1/events?fieldSelector=type%3DWarning&limit=500\n\n`);
    expect(reqs).toHaveLength(12);
    expect(reqs[11]).toEqual({ method: 'GET', path: '/api/v1/events', query: { fieldSelector: 'type=Warning', limit: '500' } });
  });

  it('tells list pages, continuations, access reviews and other requests apart', () => {
    const b = breakdown(parseRequestLog(LOG));
    expect(b.total).toBe(11);
    // The pod collection listed with two label selectors is two lists.
    expect(b.lists).toBe(3);
    expect(b.listPages).toBe(5);
    expect(b.continuations).toBe(2);
    expect(b.accessReviews).toBe(2);
    // /version, /apis, one GET of a single pod, one group-version discovery
    expect(b.other).toBe(4);
    expect(b.maxPagesPerList).toBe(3);
  });

  it('computes the fewest pages a fleet needs at 500 objects per page', () => {
    const b = breakdown(parseRequestLog(LOG));
    // 1200 Kustomizations cluster-wide: 3 pages; each namespaced pod list: 1 page whatever the cluster holds.
    expect(minimumPages(b, { Kustomization: 1200, Pod: 4000 })).toBe(5);
    expect(minimumPages(b, { Kustomization: 1000, Pod: 1 })).toBe(4);
    expect(minimumPages(b, { Kustomization: 1001 })).toBe(5);
  });
});

describe('kubeconfigs', () => {
  function kubeconfig(file: string, port: number, token: string): void {
    fs.writeFileSync(
      file,
      yaml.dump({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'replay', cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': 'Q0E=' } }],
        users: [{ name: 'replay-user', user: { token } }],
        contexts: [{ name: 'replay', context: { cluster: 'replay', user: 'replay-user' } }],
        'current-context': 'replay',
      }),
    );
  }

  it('merges one context per server, renamed, each keeping its own server and token', () => {
    const a = path.join(dir, 'a.kubeconfig');
    const b = path.join(dir, 'b.kubeconfig');
    kubeconfig(a, 1111, 'ta');
    kubeconfig(b, 2222, 'tb');
    const merged = mergeKubeconfigs([{ name: 'one', file: a }, { name: 'two', file: b }]);
    expect(merged.contexts.map((c) => c.name)).toEqual(['one', 'two']);
    expect(merged.clusters.find((c) => c.name === 'two')?.cluster.server).toBe('https://127.0.0.1:2222');
    expect(merged.users.find((u) => u.name === 'one')?.user).toEqual({ token: 'ta' });
    expect(merged.contexts[1]?.context).toEqual({ cluster: 'two', user: 'two' });
    expect(merged['current-context']).toBe('one');
  });

  it('points a copy at another port and nothing else', () => {
    const a = path.join(dir, 'p.kubeconfig');
    const out = path.join(dir, 'p2.kubeconfig');
    kubeconfig(a, 1111, 'ta');
    rewritePort(a, out, 3333);
    const kc = readKubeconfig(out);
    expect(kc.clusters[0]?.cluster.server).toBe('https://127.0.0.1:3333');
    expect(kc.clusters[0]?.cluster['certificate-authority-data']).toBe('Q0E=');
    expect(kc.users[0]?.user).toEqual({ token: 'ta' });
  });
});

describe('measurement', () => {
  it('takes the median of odd and even samples', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it('counts the bytes a relay passes each way', async () => {
    const echo = net.createServer((s) => s.on('data', (d: Buffer) => s.write(Buffer.concat([d, d]))));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const port = (echo.address() as net.AddressInfo).port;
    const proxy = await countingProxy(port);
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const c = net.connect(proxy.port, '127.0.0.1', () => c.write('hello'));
      c.once('data', (d: Buffer) => {
        resolve(d);
        c.end();
      });
      c.on('error', reject);
    });
    expect(reply.toString()).toBe('hellohello');
    expect(proxy.sent).toBe(5);
    expect(proxy.received).toBe(10);
    expect(proxy.connections).toBe(1);
    await proxy.close();
    await new Promise<void>((r) => echo.close(() => r()));
  });

  it('summarises a CPU profile by self time, separating idle and GC', () => {
    const file = path.join(dir, 'p.cpuprofile');
    const frame = (functionName: string, url = ''): { functionName: string; url: string; lineNumber: number; scriptId: string; columnNumber: number } => ({ functionName, url, lineNumber: 9, scriptId: '1', columnNumber: 0 });
    fs.writeFileSync(
      file,
      JSON.stringify({
        nodes: [
          { id: 1, callFrame: frame('(root)'), children: [2, 3, 4] },
          { id: 2, callFrame: frame('parse', 'file:///x/validate.sh') },
          { id: 3, callFrame: frame('(idle)') },
          { id: 4, callFrame: frame('(garbage collector)') },
        ],
        startTime: 0,
        endTime: 100_000,
        // Each sample is charged the delta to the next one: parse 30 ms, idle 50 ms, GC 10 ms.
        samples: [2, 3, 4, 2],
        timeDeltas: [0, 30_000, 50_000, 10_000],
      }),
    );
    const s = summariseProfile(file);
    expect(s.totalMs).toBe(100);
    expect(s.idleMs).toBe(50);
    expect(s.gcMs).toBe(10);
    expect(s.top[0]).toEqual({ name: 'parse validate.sh:10', selfMs: 30 });
    expect(s.top.some((t) => t.name.startsWith('(idle)'))).toBe(false);
  });
});

describe('the floor fetches what a run fetched, once, unpaginated', () => {
  it('keeps each GET with its selectors, drops limit and continue, and skips POSTs', () => {
    expect(floorPaths(parseRequestLog(LOG))).toEqual([
      '/version',
      '/apis',
      '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations',
      '/api/v1/namespaces/flux-system/pods?labelSelector=app.kubernetes.io%2Fpart-of%3Dflux',
      '/api/v1/namespaces/flux-system/pods?labelSelector=app.kubernetes.io%2Fname%3Dflux-operator',
      '/api/v1/namespaces/flux-system/pods/flux-operator-abc',
      '/apis/source.toolkit.fluxcd.io/v1',
    ]);
  });
});
