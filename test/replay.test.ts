import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { execa } from 'execa';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { PortForward } from '@kubernetes/client-node/dist/portforward.js';
import { parseFixture, sidePathFor, type SideData } from '../skill-src/cluster/fixture.js';
import { HttpTransport } from '../skill-src/cluster/http-transport.js';
import { TransportError, type ApiResponse } from '../skill-src/cluster/transport.js';
import { liveUiProbe } from '../skill-src/cluster/ui-probe.js';
import { Faults, parseFault } from '../scripts/replay/faults.js';
import { startReplayServer, type ReplayServer } from '../scripts/replay/server.js';
import { ROOT } from '../build/paths.js';
import { startReplay, type Replay } from './helpers/replay.js';
import { tempDir } from './helpers/temp.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'replay-basic.yaml');
const OPERATOR_POD = 'flux-operator-6d4f8b7c9-x2k4p';
type Json = Record<string, unknown>;

interface Client {
  server: string;
  ca: string;
  token: string;
  context: string;
}

function clientFrom(kubeconfigPath: string): Client {
  const kc = yaml.load(fs.readFileSync(kubeconfigPath, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { user: { token: string } }[];
    'current-context': string;
  };
  const cluster = kc.clusters[0]?.cluster;
  return { server: cluster?.server ?? '', ca: Buffer.from(cluster?.['certificate-authority-data'] ?? '', 'base64').toString('utf8'), token: kc.users[0]?.user.token ?? '', context: kc['current-context'] };
}

/** A raw HTTPS request; the token is sent unless `token` is null. */
function raw(c: Client, urlPath: string, opts: { token?: string | null; accept?: string; method?: string; servername?: string; ca?: string | null } = {}): Promise<ApiResponse> {
  const url = new URL(c.server + urlPath);
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? c.token : opts.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (opts.accept) headers.accept = opts.accept;
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: opts.method ?? 'GET', headers, ...(opts.ca === null ? {} : { ca: opts.ca ?? c.ca }), ...(opts.servername ? { servername: opts.servername } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h[k] = v;
        resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function kubeConfig(kubeconfigPath: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return kc;
}

async function transport(kubeconfigPath: string): Promise<HttpTransport> {
  return HttpTransport.create(kubeConfig(kubeconfigPath));
}

const never = new AbortController().signal;

describe('replay server over HTTPS', () => {
  let replay: Replay;
  let client: Client;
  beforeAll(async () => {
    replay = await startReplay(FIXTURE);
    client = clientFrom(replay.kubeconfigPath);
  });
  afterAll(async () => replay.close());

  it('writes a kubeconfig with the generated CA, a token and the side data context', () => {
    expect(client.server).toBe(replay.url);
    expect(client.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(client.ca).toContain('-----BEGIN CERTIFICATE-----');
    expect(client.token).toMatch(/^[0-9a-f]{48}$/);
    expect(client.context).toBe('replay-basic');
  });

  it('presents a certificate valid for 127.0.0.1 and localhost under its CA, and untrusted without it', async () => {
    expect((await raw(client, '/version')).status).toBe(200);
    expect((await raw(client, '/version', { servername: 'localhost' })).status).toBe(200);
    await expect(raw(client, '/version', { servername: 'example.com' })).rejects.toThrow(/altnames|Hostname/i);
    await expect(raw(client, '/version', { ca: null })).rejects.toThrow(/certificate/i);
  });

  it('answers 401 with a Status without the bearer token or with a wrong one', async () => {
    for (const token of [null, 'wrong']) {
      const r = await raw(client, '/api/v1/pods', { token });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    }
  });

  it('serves the recorded cluster through client-node credentials, with the recording time as Date', async () => {
    const t = await transport(replay.kubeconfigPath);
    const v = await t.request({ method: 'GET', path: '/version' }, never);
    expect(JSON.parse(v.body)).toMatchObject({ gitVersion: 'v1.31.4', minor: '31' });
    expect(v.headers.date).toBe('Thu, 01 May 2025 12:00:00 GMT');
    const ks = await t.request({ method: 'GET', path: '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations', query: { labelSelector: 'tier=platform' } }, never);
    expect((JSON.parse(ks.body) as { items: { metadata: { name: string } }[] }).items.map((i) => i.metadata.name)).toEqual(['flux-system', 'infra']);
  });

  it('logs every request with method, path, query and accept', async () => {
    const t = await transport(replay.kubeconfigPath);
    await t.request({ method: 'GET', path: '/api/v1/namespaces/flux-system/pods', query: { labelSelector: 'app.kubernetes.io/name=flux-operator', limit: '500' }, accept: 'application/json' }, never);
    expect(replay.requestLog()).toContainEqual({ method: 'GET', path: '/api/v1/namespaces/flux-system/pods', query: { labelSelector: 'app.kubernetes.io/name=flux-operator', limit: '500' }, accept: 'application/json' });
  });

  it('answers aggregated discovery when asked for it, and legacy discovery otherwise', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const agg = await raw(client, '/apis', { accept });
    expect(agg.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const body = JSON.parse(agg.body) as { kind: string; items: { metadata: { name: string }; versions: { version: string; resources: Json[] }[] }[] };
    expect(body.kind).toBe('APIGroupDiscoveryList');
    const helm = body.items.find((i) => i.metadata.name === 'helm.toolkit.fluxcd.io');
    expect(helm?.versions.map((v) => v.version)).toEqual(['v2', 'v2beta2']);
    expect(helm?.versions[0]?.resources[0]).toMatchObject({ resource: 'helmreleases', scope: 'Namespaced', singularResource: 'helmrelease', shortNames: ['hr'], responseKind: { kind: 'HelmRelease' } });
    const beta = await raw(client, '/api', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json' });
    expect(JSON.parse(beta.body)).toMatchObject({ apiVersion: 'apidiscovery.k8s.io/v2beta1', items: [{ versions: [{ version: 'v1' }] }] });
    expect(JSON.parse((await raw(client, '/apis', { accept: 'application/json' })).body)).toMatchObject({ kind: 'APIGroupList' });
  });

  it('prints Tables with the CRD printer columns, ages relative to the recording', async () => {
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const r = await raw(client, '/apis/fluxcd.controlplane.io/v1/fluxinstances', { accept });
    const table = JSON.parse(r.body) as { kind: string; columnDefinitions: { name: string }[]; rows: { cells: unknown[]; object: Json }[] };
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age', 'Ready', 'Status', 'Revision']);
    expect(table.rows[0]?.cells).toEqual(['flux', '119m', 'True', 'Reconciliation finished in 3s', 'v2.7.5@sha256:0123abcd']);
    expect(table.rows[0]?.object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'flux', namespace: 'flux-system' } });
    const full = JSON.parse((await raw(client, '/api/v1/namespaces/flux-system/pods?includeObject=Object', { accept })).body) as { columnDefinitions: { name: string }[]; rows: { cells: unknown[]; object: Json }[] };
    expect(full.columnDefinitions.slice(0, 5).map((c) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(full.rows[1]?.cells.slice(0, 4)).toEqual(['source-controller-5c7d9f8b6-q8r2t', '0/1', 'CrashLoopBackOff', '4']);
    expect(full.rows[1]?.object).toMatchObject({ kind: 'Pod', status: { phase: 'Pending' } });
  });

  it('refuses writes with 405 and logs them', async () => {
    const r = await raw(client, '/api/v1/namespaces/flux-system/pods/x', { method: 'DELETE' });
    expect(r.status).toBe(405);
    expect(replay.requestLog()).toContainEqual(expect.objectContaining({ method: 'DELETE', path: '/api/v1/namespaces/flux-system/pods/x' }));
  });
});

describe('fault specs', () => {
  it('parse into actions with counts, Retry-After and query conditions', () => {
    expect(parseFault('*/kustomizations=429:2:count=2')).toMatchObject({ action: { kind: 'status', status: 429, retryAfter: 2 }, remaining: 2 });
    expect(parseFault('/x=429').action).toEqual({ kind: 'status', status: 429, retryAfter: 1 });
    expect(parseFault('/x=latency:150').action).toEqual({ kind: 'latency', ms: 150 });
    expect(parseFault('*/pods?continue=410').params).toEqual(['continue']);
    for (const bad of ['/x', '=500', '/x=teapot', '/x=latency', '/x=429:soon', '/x=200']) expect(() => parseFault(bad), bad).toThrow();
  });

  it('match globs over the whole path and consume counts', () => {
    const f = new Faults(['/apis/source.toolkit.fluxcd.io/*=403', '*/pods=500:count=1', '*/pods=latency:5', '*/events?continue=410']);
    expect(f.match('/apis/source.toolkit.fluxcd.io/v1/namespaces/a/gitrepositories', {}).action).toEqual({ kind: 'status', status: 403 });
    expect(f.match('/apis/source.toolkit.fluxcd.io', {}).action).toBeUndefined();
    expect(f.match('/api/v1/pods', {})).toEqual({ latencyMs: 5, action: { kind: 'status', status: 500 } });
    expect(f.match('/api/v1/pods', {})).toEqual({ latencyMs: 5 });
    expect(f.match('/api/v1/events', {}).action).toBeUndefined();
    expect(f.match('/api/v1/events', { continue: 't' }).action).toEqual({ kind: 'status', status: 410 });
  });
});

describe('replay server faults', () => {
  let replay: Replay;
  let t: HttpTransport;
  const get = (p: string, query?: Record<string, string>): Promise<ApiResponse> => t.request(query ? { method: 'GET', path: p, query } : { method: 'GET', path: p }, never);
  beforeAll(async () => {
    replay = await startReplay(FIXTURE, {
      faults: [
        '/apis/source.toolkit.fluxcd.io/*=403',
        '/api/v1/namespaces/flux-system/services=404',
        '/api/v1/namespaces/flux-system/configmaps=500',
        '*/kustomizations=429:2:count=2',
        '*/pods?continue=410:count=1',
        '/apis/fluxcd.controlplane.io/v1/fluxreports=malformed',
        '/apis/fluxcd.controlplane.io/v1/fluxinstances=reset',
        '/api/v1/nodes=hang',
        '/api/v1/namespaces/flux-system/endpoints=latency:200',
        '/apis/apps/*=401:count=1',
      ],
    });
    t = await transport(replay.kubeconfigPath);
  });
  afterAll(async () => replay.close());

  it('answers injected status codes with Status bodies', async () => {
    const forbidden = await get('/apis/source.toolkit.fluxcd.io/v1/gitrepositories');
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.body)).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
    expect((await get('/api/v1/namespaces/flux-system/services')).status).toBe(404);
    expect(JSON.parse((await get('/api/v1/namespaces/flux-system/configmaps')).body)).toMatchObject({ reason: 'InternalError', code: 500 });
  });

  it('answers 429 with Retry-After for the first N requests, then the real answer', async () => {
    const p = '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations';
    const first = await get(p);
    expect([first.status, first.headers['retry-after']]).toEqual([429, '2']);
    expect((await get(p)).status).toBe(429);
    const third = await get(p);
    expect(third.status).toBe(200);
    expect(JSON.parse(third.body)).toMatchObject({ kind: 'KustomizationList' });
  });

  it('answers 410 only to a continued list, once', async () => {
    const first = await get('/api/v1/namespaces/flux-system/pods', { limit: '1' });
    expect(first.status).toBe(200);
    const token = (JSON.parse(first.body) as { metadata: { continue: string } }).metadata.continue;
    const expired = await get('/api/v1/namespaces/flux-system/pods', { limit: '1', continue: token });
    expect(expired.status).toBe(410);
    expect(JSON.parse(expired.body)).toMatchObject({ reason: 'Expired' });
    const again = await get('/api/v1/namespaces/flux-system/pods', { limit: '1', continue: token });
    expect((JSON.parse(again.body) as { items: { metadata: { name: string } }[] }).items.map((i) => i.metadata.name)).toEqual(['source-controller-5c7d9f8b6-q8r2t']);
  });

  it('sends a malformed JSON body with 200', async () => {
    const r = await get('/apis/fluxcd.controlplane.io/v1/fluxreports');
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.body) as unknown).toThrow();
  });

  it('resets the connection mid-body', async () => {
    const err = await get('/apis/fluxcd.controlplane.io/v1/fluxinstances').then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('reset');
  });

  it('never answers a hung request', async () => {
    const ac = new AbortController();
    const pending = t.request({ method: 'GET', path: '/api/v1/nodes' }, ac.signal).then(() => 'answered', (e: unknown) => e);
    setTimeout(() => ac.abort(), 300);
    const err = await pending;
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('timeout');
  });

  it('adds latency before answering normally', async () => {
    const started = Date.now();
    const r = await get('/api/v1/namespaces/flux-system/endpoints');
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
  });

  it('answers 401 once, then serves', async () => {
    expect((await get('/apis/apps/v1/deployments')).status).toBe(401);
    expect((await get('/apis/apps/v1/deployments')).status).toBe(200);
  });

  it('delays every request by --latency-ms', async () => {
    const slow = await startReplay(FIXTURE, { latencyMs: 150 });
    try {
      const st = await transport(slow.kubeconfigPath);
      const started = Date.now();
      expect((await st.request({ method: 'GET', path: '/version' }, never)).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(130);
    } finally {
      await slow.close();
    }
  });

  it('logs faulted requests like any other', () => {
    const paths = replay.requestLog().map((r) => r.path);
    expect(paths).toContain('/api/v1/nodes');
    expect(paths.filter((p) => p === '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations')).toHaveLength(3);
  });
});

describe('pods/portforward to the stand-in Flux UI', () => {
  const servers: ReplayServer[] = [];
  const dir = tempDir('replay-pf');
  const base = (() => {
    const side = fs.readFileSync(sidePathFor(FIXTURE), 'utf8');
    return parseFixture(fs.readFileSync(FIXTURE, 'utf8'), side, FIXTURE);
  })();
  async function serve(side: Partial<SideData>): Promise<{ server: ReplayServer; kc: KubeConfig }> {
    const server = await startReplayServer({ objects: base.objects, side: { ...base.side, ...side } });
    servers.push(server);
    const file = path.join(dir, `kc-${servers.length}`);
    fs.writeFileSync(file, server.kubeconfig());
    return { server, kc: kubeConfig(file) };
  }
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lets client-node probe the UI: 200 HTML and 200 JSON by default', async () => {
    const { server, kc } = await serve({});
    expect(await liveUiProbe(kc)('flux-system', OPERATOR_POD, never)).toEqual({ probed: true, pod: OPERATOR_POD, rootStatus: 200, reportStatus: 200, reportIsJson: true });
    expect(server.requests).toContainEqual(expect.objectContaining({ method: 'GET', path: `/api/v1/namespaces/flux-system/pods/${OPERATOR_POD}/portforward`, query: { ports: '9080' } }));
  });

  it('passes on a starting UI (503) and an SSO-protected one (401, redirect)', async () => {
    expect(await liveUiProbe((await serve({ ui: { report: 503 } })).kc)('flux-system', OPERATOR_POD, never)).toMatchObject({ rootStatus: 200, reportStatus: 503, reportIsJson: false });
    expect(await liveUiProbe((await serve({ ui: { root: 401, report: 401 } })).kc)('flux-system', OPERATOR_POD, never)).toMatchObject({ rootStatus: 401, reportStatus: 401 });
    expect(await liveUiProbe((await serve({ ui: { root: 302, report: 302, location: 'https://sso.example.com/' } })).kc)('flux-system', OPERATOR_POD, never)).toMatchObject({ rootStatus: 302, redirect: 'https://sso.example.com/' });
  });

  it('refuses a pod that does not exist (404), a denied port-forward (403) and a missing token (401)', async () => {
    const { server, kc } = await serve({});
    expect(await liveUiProbe(kc)('flux-system', 'no-such-pod', never)).toMatchObject({ probed: true, error: expect.stringContaining('404') });
    const denied = await serve({ access: [{ verb: 'create', resource: 'pods', subresource: 'portforward', allowed: false }] });
    expect(await liveUiProbe(denied.kc)('flux-system', OPERATOR_POD, never)).toMatchObject({ error: expect.stringContaining('403') });
    const doc = yaml.load(server.kubeconfig()) as { users: { user: Json }[] };
    for (const u of doc.users) delete u.user.token;
    const file = path.join(dir, 'anonymous');
    fs.writeFileSync(file, yaml.dump(doc));
    expect(await liveUiProbe(kubeConfig(file))('flux-system', OPERATOR_POD, never)).toMatchObject({ error: expect.stringContaining('401') });
  });

  it('reports other ports as refused on the error channel', async () => {
    const { kc } = await serve({});
    const errors: Buffer[] = [];
    const err = new Writable({ write(c: Buffer, _e, cb) { errors.push(c); cb(); } });
    const out = new Writable({ write(_c: Buffer, _e, cb) { cb(); } });
    const ws = (await new PortForward(kc, true).portForward('flux-system', OPERATOR_POD, [8080], out, err, new PassThrough())) as unknown as { on(e: 'close', f: () => void): void };
    await new Promise<void>((resolve) => ws.on('close', resolve));
    expect(Buffer.concat(errors).toString('utf8')).toContain('failed to connect to localhost:8080: connection refused');
  });
});

describe('npm run replay', () => {
  it('prints ready, writes the kubeconfig and request log, injects --fault and stops on SIGTERM', async () => {
    const dir = tempDir('replay-cli');
    const kubeconfig = path.join(dir, 'kc');
    const log = path.join(dir, 'requests.jsonl');
    const child = execa('node', ['build/run-ts.mjs', 'scripts/replay/main.ts', FIXTURE, '--kubeconfig-out', kubeconfig, '--request-log', log, '--fault', '/version=500:count=1'], { cwd: ROOT, reject: false });
    try {
      const ready = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (d: Buffer) => {
          out += d.toString('utf8');
          if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
        });
        void child.then((r) => reject(new Error(`replay exited early: ${String(r.stderr)}`)));
      });
      expect(ready).toMatch(/^ready https:\/\/127\.0\.0\.1:\d+/);
      expect(fs.statSync(kubeconfig).mode & 0o777).toBe(0o600);
      const t = await transport(kubeconfig);
      expect((await t.request({ method: 'GET', path: '/version' }, never)).status).toBe(500);
      expect(JSON.parse((await t.request({ method: 'GET', path: '/version' }, never)).body)).toMatchObject({ gitVersion: 'v1.31.4' });
      const lines = fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Json);
      expect(lines).toEqual([
        { method: 'GET', path: '/version', query: {}, accept: 'application/json' },
        { method: 'GET', path: '/version', query: {}, accept: 'application/json' },
      ]);
    } finally {
      child.kill('SIGTERM');
    }
    const result = await child;
    expect(result.exitCode).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exits 2 with the usage on bad arguments', async () => {
    const r = await execa('node', ['build/run-ts.mjs', 'scripts/replay/main.ts', FIXTURE, '--kubeconfig-out', path.join(tempDir('replay-cli-bad'), 'kubeconfig'), '--fault', 'nonsense'], { cwd: ROOT, reject: false });
    expect(r.exitCode).toBe(2);
    expect(String(r.stderr)).toContain('usage: npm run replay');
  });
});
