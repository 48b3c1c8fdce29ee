// Collection over a scripted transport: pagination, retries, narrowing, deadlines, concurrency.
import { describe, expect, it } from 'vitest';
import { collect, PAGE_SIZE, type CollectOptions } from '../../skill-src/cluster/collect.js';
import type { InputId } from '../../skill-src/cluster/inputs.js';
import { TransportError, type ApiRequest, type ApiResponse, type ApiTransport } from '../../skill-src/cluster/transport.js';

type Handler = (req: ApiRequest) => ApiResponse | Promise<ApiResponse> | 'hang' | TransportError;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse => ({ status, headers, body: JSON.stringify(body) });
const list = (items: unknown[], cont?: string): ApiResponse => json(200, { apiVersion: 'v1', kind: 'List', metadata: cont ? { continue: cont } : {}, items });
const deploy = (ns: string, name: string) => ({ metadata: { name, namespace: ns } });

const APIS = json(200, {
  groups: [
    { name: 'fluxcd.controlplane.io', versions: [{ version: 'v1' }], preferredVersion: { version: 'v1' } },
    { name: 'source.toolkit.fluxcd.io', versions: [{ version: 'v1beta2' }], preferredVersion: { version: 'v1beta2' } },
    { name: 'kustomize.toolkit.fluxcd.io', versions: [{ version: 'v1' }], preferredVersion: { version: 'v1' } },
  ],
});

class Scripted implements ApiTransport {
  readonly log: ApiRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(private readonly handler: Handler) {}
  async request(req: ApiRequest, signal: AbortSignal): Promise<ApiResponse> {
    this.log.push(req);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((r) => setTimeout(r, 2));
      const out = await this.handler(req);
      if (out === 'hang') {
        return await new Promise<ApiResponse>((_r, reject) => signal.addEventListener('abort', () => reject(new TransportError('timeout', 'aborted'))));
      }
      if (out instanceof TransportError) throw out;
      return out;
    } finally {
      this.inFlight--;
    }
  }
}

// What each group/version of APIS serves, as its APIResourceList names it.
const RESOURCES: Record<string, string[]> = {
  'fluxcd.controlplane.io/v1': ['fluxinstances', 'fluxreports'],
  'source.toolkit.fluxcd.io/v1beta2': ['gitrepositories', 'ocirepositories', 'helmrepositories', 'helmcharts', 'buckets'],
  'kustomize.toolkit.fluxcd.io/v1': ['kustomizations'],
};

const resourceList = (names: string[]): ApiResponse => json(200, { kind: 'APIResourceList', resources: names.flatMap((name) => [{ name }, { name: `${name}/status` }]) });

function defaults(req: ApiRequest): ApiResponse | undefined {
  if (req.path === '/version') return json(200, { gitVersion: 'v1.31.4' }, { date: 'Wed, 25 Nov 2026 10:00:00 GMT' });
  if (req.path === '/apis') return APIS;
  const gv = /^\/apis\/([^/]+\/[^/]+)$/.exec(req.path)?.[1];
  if (gv !== undefined) return RESOURCES[gv] ? resourceList(RESOURCES[gv]) : json(404, { kind: 'Status', code: 404 });
  if (req.method === 'POST') return json(201, { status: { allowed: true } });
  return undefined;
}

function opts(needs: InputId[], extra: Partial<CollectOptions> = {}): CollectOptions {
  return { mode: 'live', context: 'c', server: 'https://x', needs: new Set(needs), deadline: Date.now() + 60_000, probeUi: false, ...extra };
}

describe('collect', () => {
  it("takes the operator namespace from the labelled Deployment and the clock from the server's Date header", async () => {
    const t = new Scripted((req) => defaults(req) ?? (req.path === '/apis/apps/v1/deployments' ? list([deploy('ops', 'flux-operator')]) : list([])));
    const s = await collect(t, opts(['operatorDeployments', 'operatorServices']));
    expect(s.operatorNamespace).toBe('ops');
    expect(s.namespaceSource).toBe('label');
    expect(s.now).toBe('2026-11-25T10:00:00.000Z');
    expect(s.connection.version).toBe('v1.31.4');
    expect(t.log.some((r) => r.path === '/api/v1/namespaces/ops/services')).toBe(true);
  });

  it('follows continue tokens with a bounded page size', async () => {
    const t = new Scripted((req) => {
      const d = defaults(req);
      if (d) return d;
      expect(req.query?.limit).toBe(String(PAGE_SIZE));
      if (req.query?.continue === undefined) return list([deploy('a', '1')], 'p2');
      if (req.query.continue === 'p2') return list([deploy('a', '2')], 'p3');
      return list([deploy('a', '3')]);
    });
    const s = await collect(t, opts(['kustomizations']));
    const r = s.inputs.kustomizations;
    expect(r?.ok && r.items.map((o) => o.metadata?.name)).toEqual(['1', '2', '3']);
  });

  it('restarts a list once when its continue token expired (410)', async () => {
    let calls = 0;
    const t = new Scripted((req) => {
      const d = defaults(req);
      if (d) return d;
      if (!req.path.includes('kustomizations')) return list([]);
      calls++;
      if (calls === 1) return list([deploy('a', 'old')], 'stale');
      if (calls === 2) return json(410, { kind: 'Status', message: 'continue token expired' });
      return list([deploy('a', 'fresh')]);
    });
    const s = await collect(t, opts(['kustomizations']));
    const r = s.inputs.kustomizations;
    expect(r?.ok && r.items.map((o) => o.metadata?.name)).toEqual(['fresh']);
  });

  it('honours 429 Retry-After a bounded number of times, then reports the error', async () => {
    let n = 0;
    const t = new Scripted((req) => defaults(req) ?? (n++ < 2 ? json(429, {}, { 'retry-after': '0' }) : list([])));
    const s = await collect(t, opts(['kustomizations']));
    expect(s.inputs.kustomizations?.ok).toBe(true);
    const always = new Scripted((req) => defaults(req) ?? json(429, { message: 'slow down' }, { 'retry-after': '0' }));
    const s2 = await collect(always, opts(['kustomizations']));
    const r = s2.inputs.kustomizations;
    expect(r?.ok === false && r.error.code).toBe('server-error');
    expect(always.log.filter((x) => x.path.includes('kustomizations'))).toHaveLength(4);
  });

  it('narrows a forbidden cluster-wide list to the operator namespace', async () => {
    const t = new Scripted((req) => {
      const d = defaults(req);
      if (d) return d;
      if (req.path === '/apis/source.toolkit.fluxcd.io/v1beta2/gitrepositories') return json(403, { message: 'forbidden' });
      return list([deploy('flux-system', 'x')]);
    });
    const s = await collect(t, opts(['gitRepositories']));
    const r = s.inputs.gitRepositories;
    expect(r?.ok && r.narrowedTo).toBe('flux-system');
    expect(t.log.some((x) => x.path === '/apis/source.toolkit.fluxcd.io/v1beta2/namespaces/flux-system/gitrepositories')).toBe(true);
  });

  it('uses the served API version and marks unserved groups without asking', async () => {
    const t = new Scripted((req) => defaults(req) ?? list([]));
    const s = await collect(t, opts(['gitRepositories', 'helmReleases']));
    expect(t.log.some((x) => x.path === '/apis/source.toolkit.fluxcd.io/v1beta2/gitrepositories')).toBe(true);
    const h = s.inputs.helmReleases;
    expect(h?.ok === false && h.error.code).toBe('not-served');
    expect(t.log.some((x) => x.path.includes('helm.toolkit'))).toBe(false);
  });

  it('resolves each kind at the version that serves it, not at its group\'s preferred version', async () => {
    // Flux 2.2: source.toolkit.fluxcd.io prefers v1, which serves only GitRepository; the other sources are v1beta2.
    const groups = { groups: [{ name: 'source.toolkit.fluxcd.io', versions: [{ version: 'v1' }, { version: 'v1beta2' }, { version: 'v1beta1' }], preferredVersion: { version: 'v1' } }] };
    const served: Record<string, string[]> = {
      '/apis/source.toolkit.fluxcd.io/v1': ['gitrepositories'],
      '/apis/source.toolkit.fluxcd.io/v1beta2': ['gitrepositories', 'helmrepositories', 'helmcharts', 'ocirepositories', 'buckets'],
      '/apis/source.toolkit.fluxcd.io/v1beta1': ['gitrepositories', 'helmrepositories', 'helmcharts', 'buckets'],
    };
    const t = new Scripted((req) => {
      if (req.path === '/apis') return json(200, groups);
      const names = served[req.path];
      if (names) return resourceList(names);
      return defaults(req) ?? list([]);
    });
    const s = await collect(t, opts(['gitRepositories', 'helmRepositories', 'ociRepositories', 'externalArtifacts']));
    const paths = t.log.map((r) => r.path);
    expect(paths).toContain('/apis/source.toolkit.fluxcd.io/v1/gitrepositories');
    expect(paths).toContain('/apis/source.toolkit.fluxcd.io/v1beta2/helmrepositories');
    expect(paths).toContain('/apis/source.toolkit.fluxcd.io/v1beta2/ocirepositories');
    expect(paths.filter((p) => p.endsWith('/helmrepositories') || p.endsWith('/ocirepositories')).every((p) => p.includes('/v1beta2/'))).toBe(true);
    for (const id of ['gitRepositories', 'helmRepositories', 'ociRepositories'] as const) expect(s.inputs[id]?.ok, id).toBe(true);
    // ExternalArtifact is served by no version of the group: not installed, and its list is never asked for.
    const ea = s.inputs.externalArtifacts;
    expect(ea?.ok === false && ea.error.code).toBe('not-served');
    expect(paths.some((p) => p.endsWith('/externalartifacts'))).toBe(false);
    // Each group/version's resource list is read once, however many kinds need it.
    expect(paths.filter((p) => p === '/apis/source.toolkit.fluxcd.io/v1beta2')).toHaveLength(1);
  });

  it('keeps at most eight requests in flight', async () => {
    const t = new Scripted((req) => defaults(req) ?? list([]));
    const all: InputId[] = ['gitRepositories', 'ociRepositories', 'helmRepositories', 'helmCharts', 'buckets', 'fluxInstances', 'fluxReports', 'warningEvents', 'operatorPods', 'controllerPods', 'controllerDeployments'];
    await collect(t, opts(all));
    expect(t.maxInFlight).toBeLessThanOrEqual(8);
    expect(t.maxInFlight).toBeGreaterThan(1);
  });

  it('ends within the deadline when the server hangs, with timeouts as data', async () => {
    const t = new Scripted((req) => defaults(req) ?? 'hang');
    // Every list hangs: collect returns only because the deadline aborts them (else the test itself times out).
    const s = await collect(t, opts(['kustomizations', 'gitRepositories'], { deadline: Date.now() + 2000 }));
    const r = s.inputs.kustomizations;
    expect(r?.ok === false && r.error.code).toBe('timeout');
  });

  it('stops after /version (and the discovery sent with it) when the server is unreachable, giving every input that error', async () => {
    const t = new Scripted(() => new TransportError('refused', 'connect ECONNREFUSED 127.0.0.1:1'));
    const s = await collect(t, opts(['kustomizations', 'gitRepositories']));
    expect(s.connection.error?.code).toBe('unreachable');
    expect(s.connection.error?.message).toContain('connection refused');
    expect(t.log.map((r) => r.path).sort()).toEqual(['/apis', '/version']);
    const r = s.inputs.gitRepositories;
    expect(r?.ok === false && r.error.code).toBe('unreachable');
  });

  it('treats 401 on /version as unauthorised', async () => {
    const t = new Scripted(() => json(401, { kind: 'Status', message: 'Unauthorized' }));
    const s = await collect(t, opts(['kustomizations']));
    expect(s.connection.error?.code).toBe('unauthorized');
  });

  it('reports malformed JSON as a bad response for that input only', async () => {
    const t = new Scripted((req) => defaults(req) ?? (req.path.includes('kustomizations') ? { status: 200, headers: {}, body: '{"items": [' } : list([])));
    const s = await collect(t, opts(['kustomizations', 'gitRepositories']));
    const k = s.inputs.kustomizations;
    expect(k?.ok === false && k.error.code).toBe('bad-response');
    expect(s.inputs.gitRepositories?.ok).toBe(true);
  });

  it('asks access reviews only for refused reads, and for the UI port-forward when probing', async () => {
    const t = new Scripted((req) => {
      if (req.method === 'POST') {
        const body = JSON.parse(req.body ?? '{}') as { spec: { resourceAttributes: { resource: string } } };
        return json(201, { status: { allowed: body.spec.resourceAttributes.resource !== 'events' } });
      }
      if (req.path.endsWith('/events')) return json(403, { message: 'forbidden' });
      return defaults(req) ?? list([]);
    });
    const s = await collect(t, opts(['warningEvents', 'kustomizations'], { probeUi: true }));
    expect(s.access.find((a) => a.resource === 'events')?.allowed).toBe(false);
    expect(s.access.find((a) => a.resource === 'kustomizations')).toBeUndefined();
    expect(s.access.find((a) => a.subresource === 'portforward')).toMatchObject({ verb: 'create', namespace: 'flux-system' });
    expect(t.log.every((r) => r.method === 'GET' || r.path === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews')).toBe(true);
  });

  it('never asks for Secrets', async () => {
    const t = new Scripted((req) => defaults(req) ?? list([]));
    const everything = ['operatorDeployments', 'operatorPods', 'controllerDeployments', 'controllerPods', 'operatorServices', 'operatorEndpointSlices', 'fluxInstances', 'fluxReports', 'gitRepositories', 'ociRepositories', 'helmRepositories', 'helmCharts', 'buckets', 'kustomizations', 'helmReleases', 'receivers', 'alerts', 'providers', 'warningEvents'] as InputId[];
    await collect(t, opts(everything, { probeUi: true }));
    expect(t.log.filter((r) => /secret/i.test(r.path + (r.body ?? '')))).toEqual([]);
  });

  it('lists pods only in the namespaces of kept workloads, at most ten, and keeps only pods with a problem', async () => {
    const owned = { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' };
    const notReady = (ns: string) => ({ metadata: { name: 'web', namespace: ns, labels: owned }, spec: { replicas: 1 }, status: { availableReplicas: 0 } });
    const ready = (ns: string) => ({ metadata: { name: 'ok', namespace: ns, labels: owned }, spec: { replicas: 1 }, status: { availableReplicas: 1 } });
    const namespaces = Array.from({ length: 12 }, (_, i) => `team-${String(i).padStart(2, '0')}`);
    const pod = (ns: string, readyPod: boolean) => ({
      metadata: { name: `web-1-${readyPod ? 'a' : 'b'}`, namespace: ns, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-1' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: readyPod ? 'True' : 'False' }] },
    });
    const t = new Scripted((req) => {
      const d = defaults(req);
      if (d) return d;
      if (req.path === '/apis/apps/v1/deployments') return list([...namespaces.map(notReady), ready('quiet')]);
      const podNs = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(req.path)?.[1];
      if (podNs) return list([pod(podNs, true), pod(podNs, false)]);
      return list([]);
    });
    const s = await collect(t, opts(['appDeployments', 'appPods']));
    const deployments = s.inputs.appDeployments;
    expect(deployments?.ok && deployments.items.map((d) => d.metadata?.namespace)).toEqual(namespaces);
    const podPaths = t.log.filter((r) => r.path.endsWith('/pods')).map((r) => r.path);
    expect(podPaths.sort()).toEqual(namespaces.slice(0, 10).map((ns) => `/api/v1/namespaces/${ns}/pods`));
    const pods = s.inputs.appPods;
    expect(pods?.ok && pods.items.map((p) => p.metadata?.name)).toEqual(Array(10).fill('web-1-b'));
    expect(pods?.ok && pods.notListedIn).toBe(2);
  });

  it('drops the bulky fields no check reads and keeps every other field, in order', async () => {
    const ks = {
      metadata: {
        name: 'podinfo',
        namespace: 'apps',
        managedFields: [{ manager: 'kustomize-controller', fieldsV1: { 'f:spec': {} } }],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":"copy"}', 'team.example.com/owner': 'web' },
        labels: { app: 'podinfo' },
      },
      spec: { interval: '10m', patches: [{ patch: 'big' }], path: './apps' },
      status: { inventory: { entries: [{ id: 'apps_web_apps_Deployment' }] }, history: [{ digest: 'c' }, { digest: 'b' }, { digest: 'a' }], conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const t = new Scripted((req) => defaults(req) ?? (req.path.endsWith('/kustomizations') ? list([ks]) : list([])));
    const s = await collect(t, opts(['kustomizations']));
    const r = s.inputs.kustomizations;
    const [obj] = r?.ok ? r.items : [];
    expect(obj?.metadata).toEqual({ name: 'podinfo', namespace: 'apps', annotations: { 'team.example.com/owner': 'web' }, labels: { app: 'podinfo' } });
    expect(Object.keys(obj?.metadata ?? {})).toEqual(['name', 'namespace', 'annotations', 'labels']);
    expect(obj?.spec).toEqual({ interval: '10m', path: './apps' });
    expect(obj?.status).toEqual({ history: [{ digest: 'c' }], conditions: [{ type: 'Ready', status: 'True' }] });
  });
});
