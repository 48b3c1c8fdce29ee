import { describe, expect, it } from 'vitest';
import type { AccessRule, Fixture, SideData } from '../skill-src/cluster/fixture.js';
import { parseFixture } from '../skill-src/cluster/fixture.js';
import { FixtureApi, accessAllowed, fixtureUiProbe, SSAR_PATH } from '../skill-src/cluster/fixture-api.js';
import { compareVersions, pluralOf } from '../skill-src/cluster/fixture-kinds.js';
import { collect } from '../skill-src/cluster/collect.js';
import { INPUTS } from '../skill-src/cluster/inputs.js';
import type { KubeObject } from '../skill-src/kube/types.js';
import type { ApiResponse } from '../skill-src/cluster/transport.js';

type Json = Record<string, unknown>;

function obj(apiVersion: string, kind: string, name: string, namespace?: string, extra: Json = {}): KubeObject {
  const metadata: Json = { name, ...(extra.metadata as Json | undefined) };
  if (namespace) metadata.namespace = namespace;
  return { ...extra, apiVersion, kind, metadata };
}

function pod(name: string, namespace: string, labels: Record<string, string>, phase = 'Running'): KubeObject {
  return obj('v1', 'Pod', name, namespace, { metadata: { labels }, status: { phase } });
}

function api(objects: KubeObject[], side: SideData = {}): FixtureApi {
  return new FixtureApi({ objects, side });
}

function get(a: FixtureApi, path: string, query?: Record<string, string>): { status: number; body: Json; res: ApiResponse } {
  const res = a.handle(query ? { method: 'GET', path, query } : { method: 'GET', path });
  return { status: res.status, body: JSON.parse(res.body) as Json, res };
}

function names(body: Json): string[] {
  return (body.items as Json[]).map((i) => {
    const m = i.metadata as Json;
    return m.namespace ? `${String(m.namespace)}/${String(m.name)}` : String(m.name);
  });
}

const KS = 'kustomize.toolkit.fluxcd.io';

describe('FixtureApi version and discovery', () => {
  it('answers /version from the side data, defaulting to v1.33.2', () => {
    const v = get(api([], { serverVersion: 'v1.29.7' }), '/version').body;
    expect(v).toMatchObject({ major: '1', minor: '29', gitVersion: 'v1.29.7', platform: 'linux/amd64' });
    expect(get(api([]), '/version').body).toMatchObject({ major: '1', minor: '33', gitVersion: 'v1.33.2' });
  });

  it('sends the recording time as the Date header, and none without one', () => {
    expect(get(api([], { recordedAt: '2025-05-01T12:00:00Z' }), '/version').res.headers.date).toBe('Thu, 01 May 2025 12:00:00 GMT');
    expect(get(api([]), '/version').res.headers.date).toBeUndefined();
  });

  it('lists implied groups in /apis with every version their objects use, the GA version preferred', () => {
    const a = api([obj(`${KS}/v1beta2`, 'Kustomization', 'old', 'apps'), obj(`${KS}/v1`, 'Kustomization', 'new', 'apps')]);
    const groups = get(a, '/apis').body.groups as Json[];
    const ks = groups.find((g) => g.name === KS);
    expect(ks).toEqual({
      name: KS,
      versions: [
        { groupVersion: `${KS}/v1`, version: 'v1' },
        { groupVersion: `${KS}/v1beta2`, version: 'v1beta2' },
      ],
      preferredVersion: { groupVersion: `${KS}/v1`, version: 'v1' },
    });
    expect(groups.map((g) => g.name)).toContain('apps');
    expect(groups.map((g) => g.name)).not.toContain('source.toolkit.fluxcd.io');
    expect(get(a, `/apis/${KS}`).body).toMatchObject({ kind: 'APIGroup', name: KS, preferredVersion: { version: 'v1' } });
  });

  it('describes implied Flux kinds with their real plural and short names', () => {
    const a = api([obj(`${KS}/v1`, 'Kustomization', 'k', 'flux-system'), obj('source.toolkit.fluxcd.io/v1', 'OCIRepository', 'o', 'flux-system')]);
    const list = get(a, `/apis/${KS}/v1`).body;
    expect(list).toMatchObject({ kind: 'APIResourceList', groupVersion: `${KS}/v1` });
    expect((list.resources as Json[])[0]).toEqual({
      name: 'kustomizations',
      singularName: 'kustomization',
      namespaced: true,
      kind: 'Kustomization',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['ks'],
    });
    const oci = (get(a, '/apis/source.toolkit.fluxcd.io/v1').body.resources as Json[])[0];
    expect(oci).toMatchObject({ name: 'ocirepositories', kind: 'OCIRepository', shortNames: ['ocirepo'] });
  });

  it('serves a CRD from the fixture at its served versions only, with its short names and scope', () => {
    const crd = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com', undefined, {
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets', singular: 'widget', shortNames: ['wg'] },
        scope: 'Cluster',
        versions: [
          { name: 'v1alpha1', served: false, storage: false },
          { name: 'v1beta1', served: true, storage: false },
          { name: 'v1', served: true, storage: true },
        ],
      },
    });
    const a = api([crd, obj('example.com/v1beta1', 'Widget', 'w1')]);
    const group = (get(a, '/apis').body.groups as Json[]).find((g) => g.name === 'example.com');
    expect(group).toMatchObject({ versions: [{ version: 'v1' }, { version: 'v1beta1' }], preferredVersion: { version: 'v1' } });
    expect((get(a, '/apis/example.com/v1').body.resources as Json[])[0]).toMatchObject({ name: 'widgets', namespaced: false, shortNames: ['wg'] });
    expect(get(a, '/apis/example.com/v1alpha1/widgets').status).toBe(404);
    // Served at every served version, the object's apiVersion follows the request.
    expect(get(a, '/apis/example.com/v1/widgets/w1').body.apiVersion).toBe('example.com/v1');
    expect(get(a, '/apis/example.com/v1beta1/widgets').body.items).toMatchObject([{ apiVersion: 'example.com/v1beta1', kind: 'Widget' }]);
  });

  it('lists core resources in /api/v1, pods/portforward included', () => {
    expect(get(api([]), '/api').body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const res = get(api([]), '/api/v1').body.resources as Json[];
    const byName = new Map(res.map((r) => [r.name, r]));
    expect(byName.get('pods')).toMatchObject({ kind: 'Pod', namespaced: true, shortNames: ['po'] });
    expect(byName.get('namespaces')).toMatchObject({ kind: 'Namespace', namespaced: false });
    expect(byName.get('pods/portforward')).toMatchObject({ verbs: ['create', 'get'] });
    expect(byName.get('events')).toMatchObject({ kind: 'Event', shortNames: ['ev'] });
  });

  it('derives plurals as Kubernetes does and orders versions by priority', () => {
    expect(['Policy', 'Class', 'Gateway', 'Box', 'Mesh'].map(pluralOf)).toEqual(['policies', 'classes', 'gateways', 'boxes', 'meshes']);
    expect(['v1beta1', 'v2', 'v1alpha1', 'v1', 'v2beta2', 'v1beta2'].sort(compareVersions)).toEqual(['v2', 'v1', 'v2beta2', 'v1beta2', 'v1beta1', 'v1alpha1']);
  });

  it('implies a cluster-scoped type for custom objects without a namespace, and Namespaces for used namespaces', () => {
    const a = api([obj('example.com/v1', 'Policy', 'p'), pod('x', 'team-a', {})]);
    expect((get(a, '/apis/example.com/v1').body.resources as Json[])[0]).toMatchObject({ name: 'policies', namespaced: false });
    expect(names(get(a, '/api/v1/namespaces').body)).toEqual(['team-a']);
    expect(names(get(a, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions').body)).toEqual(['policies.example.com']);
  });
});

describe('FixtureApi list and get', () => {
  const objects = [
    pod('b', 'flux-system', { app: 'b' }),
    pod('a', 'flux-system', { app: 'a' }),
    pod('z', 'apps', { app: 'z' }),
    obj(`${KS}/v1`, 'Kustomization', 'infra', 'flux-system'),
    obj('v1', 'Namespace', 'apps', undefined, { status: { phase: 'Active' } }),
  ];

  it('lists cluster-wide and per namespace, sorted by namespace then name, in the XList shape', () => {
    const a = api(objects);
    const all = get(a, '/api/v1/pods').body;
    expect(all).toMatchObject({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: expect.any(String) } });
    expect(names(all)).toEqual(['apps/z', 'flux-system/a', 'flux-system/b']);
    expect(names(get(a, '/api/v1/namespaces/flux-system/pods').body)).toEqual(['flux-system/a', 'flux-system/b']);
    expect(names(get(a, '/api/v1/namespaces/nowhere/pods').body)).toEqual([]);
  });

  it('omits kind and apiVersion on built-in list items and keeps them on custom ones, as typed lists do', () => {
    const a = api(objects);
    const podItem = (get(a, '/api/v1/pods').body.items as Json[])[0] ?? {};
    expect(podItem.kind).toBeUndefined();
    expect(podItem.apiVersion).toBeUndefined();
    expect((get(a, `/apis/${KS}/v1/kustomizations`).body.items as Json[])[0]).toMatchObject({ apiVersion: `${KS}/v1`, kind: 'Kustomization' });
  });

  it('gets one object, namespaced or cluster-scoped', () => {
    const a = api(objects);
    expect(get(a, '/api/v1/namespaces/flux-system/pods/a').body).toMatchObject({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a' } });
    expect(get(a, '/api/v1/namespaces/apps').body).toMatchObject({ kind: 'Namespace', status: { phase: 'Active' } });
    expect(get(a, `/apis/${KS}/v1/namespaces/flux-system/kustomizations/infra/status`).status).toBe(200);
  });

  it('answers 404 with the API server Status shape for missing objects and resources', () => {
    const a = api(objects);
    expect(get(a, '/api/v1/namespaces/apps/pods/missing').body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "missing" not found',
      reason: 'NotFound',
      details: { name: 'missing', kind: 'pods' },
      code: 404,
    });
    expect(get(a, `/apis/${KS}/v1/namespaces/apps/kustomizations/x`).body).toMatchObject({ message: `kustomizations.${KS} "x" not found`, details: { group: KS } });
    for (const path of ['/apis/source.toolkit.fluxcd.io/v1/gitrepositories', '/api/v1/widgets', `/apis/${KS}/v9/kustomizations`, '/api/v1/pods/a', '/api/v1/namespaces/apps/namespaces', '/nothing', '/api/v1/%E0%A4%A']) {
      const r = get(a, path);
      expect(r.status, path).toBe(404);
      expect(r.body, path).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
    }
  });

  it('refuses writes and watches with 405', () => {
    const a = api(objects);
    expect(a.handle({ method: 'POST', path: '/api/v1/namespaces/apps/pods', body: '{}' }).status).toBe(405);
    expect(get(a, '/api/v1/pods', { watch: 'true' }).status).toBe(405);
  });
});

describe('FixtureApi selectors', () => {
  const pods = [
    pod('op', 'flux-system', { 'app.kubernetes.io/name': 'flux-operator' }),
    pod('src', 'flux-system', { 'app.kubernetes.io/part-of': 'flux', app: 'source-controller' }, 'Pending'),
    pod('ks', 'flux-system', { 'app.kubernetes.io/part-of': 'flux', app: 'kustomize-controller' }),
    pod('web', 'apps', { app: 'web', tier: 'front' }),
  ];
  const a = api(pods);
  const select = (labelSelector: string): string[] => names(get(a, '/api/v1/pods', { labelSelector }).body);

  it('supports equality, inequality, set and existence requirements', () => {
    expect(select('app.kubernetes.io/name=flux-operator')).toEqual(['flux-system/op']);
    expect(select('app.kubernetes.io/part-of==flux')).toEqual(['flux-system/ks', 'flux-system/src']);
    expect(select('app!=web')).toEqual(['flux-system/ks', 'flux-system/op', 'flux-system/src']);
    expect(select('app in (web, source-controller)')).toEqual(['apps/web', 'flux-system/src']);
    expect(select('app notin (web,source-controller)')).toEqual(['flux-system/ks', 'flux-system/op']);
    expect(select('tier')).toEqual(['apps/web']);
    expect(select('!app')).toEqual(['flux-system/op']);
    expect(select('app.kubernetes.io/part-of=flux,app in (kustomize-controller)')).toEqual(['flux-system/ks']);
  });

  it('answers 400 for a selector it cannot parse', () => {
    const r = get(a, '/api/v1/pods', { labelSelector: 'app in web' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
  });

  it('supports the field selectors the validator and kubectl use, and rejects unsupported fields', () => {
    const events = [
      obj('v1', 'Event', 'e1', 'flux-system', { type: 'Warning', reason: 'BackOff', involvedObject: { kind: 'Pod', name: 'src', namespace: 'flux-system' } }),
      obj('v1', 'Event', 'e2', 'flux-system', { type: 'Normal', reason: 'Started', involvedObject: { kind: 'Pod', name: 'ks', namespace: 'flux-system' } }),
      obj('v1', 'Event', 'e3', 'apps', { type: 'Warning', reason: 'Failed', involvedObject: { kind: 'HelmRelease', name: 'web', namespace: 'apps' } }),
    ];
    const b = api([...pods, ...events]);
    const ev = (fieldSelector: string): string[] => names(get(b, '/api/v1/events', { fieldSelector }).body);
    expect(ev('type=Warning')).toEqual(['apps/e3', 'flux-system/e1']);
    expect(ev('type!=Warning')).toEqual(['flux-system/e2']);
    expect(ev('involvedObject.kind=Pod,involvedObject.name=src')).toEqual(['flux-system/e1']);
    expect(ev('involvedObject.namespace=apps')).toEqual(['apps/e3']);
    expect(ev('metadata.namespace=flux-system,metadata.name=e2')).toEqual(['flux-system/e2']);
    expect(names(get(b, '/api/v1/pods', { fieldSelector: 'status.phase=Pending' }).body)).toEqual(['flux-system/src']);
    const bad = get(b, '/api/v1/pods', { fieldSelector: 'spec.foo=bar' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('field label not supported: spec.foo');
    expect(get(b, `/api/v1/events`, { fieldSelector: 'status.phase=Running' }).status).toBe(400);
  });
});

describe('FixtureApi pagination', () => {
  const many = ['e', 'a', 'd', 'c', 'b'].map((n) => obj(`${KS}/v1`, 'Kustomization', n, n < 'c' ? 'ns1' : 'ns2'));
  const path = `/apis/${KS}/v1/kustomizations`;

  it('pages with limit and an opaque continue token until the list is complete', () => {
    const a = api(many);
    const first = get(a, path, { limit: '2' }).body;
    expect(names(first)).toEqual(['ns1/a', 'ns1/b']);
    const meta = first.metadata as Json;
    expect(meta.remainingItemCount).toBe(3);
    expect(typeof meta.continue).toBe('string');
    const second = get(a, path, { limit: '2', continue: String(meta.continue) }).body;
    expect(names(second)).toEqual(['ns2/c', 'ns2/d']);
    const third = get(a, path, { limit: '2', continue: String((second.metadata as Json).continue) }).body;
    expect(names(third)).toEqual(['ns2/e']);
    expect((third.metadata as Json).continue).toBeUndefined();
    expect(names(get(a, path, { limit: '5' }).body)).toHaveLength(5);
  });

  it('answers 410 Expired for an unknown or tampered token', () => {
    const a = api(many);
    const token = String((get(a, path, { limit: '2' }).body.metadata as Json).continue);
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Json;
    const tampered = Buffer.from(JSON.stringify({ ...decoded, rv: Number(decoded.rv) + 1 })).toString('base64url');
    for (const bad of ['garbage', tampered, token.slice(0, -3)]) {
      const r = get(a, path, { limit: '2', continue: bad });
      expect(r.status).toBe(410);
      expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 });
    }
  });
});

describe('FixtureApi access rules', () => {
  const limited: AccessRule[] = [
    { verb: '*', resource: '*', allowed: false },
    { verb: '*', resource: '*', namespace: 'flux-system', allowed: true },
  ];
  const objects = [pod('a', 'flux-system', {}), pod('b', 'apps', {}), obj(`${KS}/v1`, 'Kustomization', 'k', 'flux-system')];

  it('can limit access to one namespace: 403 cluster-wide and elsewhere', () => {
    const a = api(objects, { access: limited });
    const wide = get(a, '/api/v1/pods');
    expect(wide.status).toBe(403);
    expect(wide.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods is forbidden: User "system:serviceaccount:flux-system:replay" cannot list resource "pods" in API group "" at the cluster scope',
      reason: 'Forbidden',
      details: { kind: 'pods' },
      code: 403,
    });
    expect(get(a, '/api/v1/namespaces/apps/pods').status).toBe(403);
    expect(get(a, '/api/v1/namespaces/apps/pods/b').body.message).toBe('pods "b" is forbidden: User "system:serviceaccount:flux-system:replay" cannot get resource "pods" in API group "" in the namespace "apps"');
    expect(names(get(a, '/api/v1/namespaces/flux-system/pods').body)).toEqual(['flux-system/a']);
    expect(get(a, `/apis/${KS}/v1/kustomizations`).status).toBe(403);
    expect(get(a, `/apis/${KS}/v1/namespaces/flux-system/kustomizations`).status).toBe(200);
  });

  it('matches rules by verb, group and resource; a rule without namespace denies everywhere', () => {
    const a = api(objects, { access: [{ verb: 'list', group: KS, resource: 'kustomizations', allowed: false }] });
    expect(get(a, `/apis/${KS}/v1/kustomizations`).status).toBe(403);
    expect(get(a, `/apis/${KS}/v1/namespaces/flux-system/kustomizations`).status).toBe(403);
    expect(get(a, `/apis/${KS}/v1/namespaces/flux-system/kustomizations/k`).status).toBe(200);
    expect(get(a, '/api/v1/pods').status).toBe(200);
  });

  it("scopes a '*' namespace rule to namespaced requests only", () => {
    const rules: AccessRule[] = [
      { verb: 'list', resource: 'pods', namespace: '*', allowed: false },
      { verb: 'list', resource: 'pods', allowed: true },
    ];
    expect(accessAllowed(rules, { verb: 'list', group: '', resource: 'pods' })).toBe(true);
    expect(accessAllowed(rules, { verb: 'list', group: '', resource: 'pods', namespace: 'x' })).toBe(false);
    expect(accessAllowed([], { verb: 'create', group: '', resource: 'pods', subresource: 'portforward', namespace: 'x' })).toBe(true);
    expect(accessAllowed([{ verb: 'create', resource: 'pods', allowed: false }], { verb: 'create', group: '', resource: 'pods', subresource: 'portforward' })).toBe(true);
    expect(accessAllowed([{ verb: 'create', resource: 'pods', subresource: 'portforward', allowed: false }], { verb: 'create', group: '', resource: 'pods', subresource: 'portforward' })).toBe(false);
  });

  it('never serves Secrets, whatever the rules allow', () => {
    const secret = obj('v1', 'Secret', 's', 'flux-system', { data: { token: 'c2VjcmV0' } });
    const a = api([secret], { access: [{ verb: '*', resource: '*', allowed: true }] });
    for (const path of ['/api/v1/secrets', '/api/v1/namespaces/flux-system/secrets', '/api/v1/namespaces/flux-system/secrets/s']) {
      const r = get(a, path);
      expect(r.status, path).toBe(403);
      expect(r.res.body).not.toContain('c2VjcmV0');
    }
  });

  it('answers SelfSubjectAccessReviews from the rules, allowed by default', () => {
    const review = (a: FixtureApi, attrs: Json): { status: number; body: Json } => {
      const res = a.handle({ method: 'POST', path: SSAR_PATH, body: JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: attrs } }) });
      return { status: res.status, body: JSON.parse(res.body) as Json };
    };
    const open = review(api(objects), { verb: 'list', group: KS, resource: 'kustomizations' });
    expect(open.status).toBe(201);
    expect(open.body).toMatchObject({ kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'list', resource: 'kustomizations' } }, status: { allowed: true } });
    const a = api(objects, { access: limited });
    expect(review(a, { verb: 'list', group: KS, resource: 'kustomizations' }).body.status).toMatchObject({ allowed: false });
    expect(review(a, { verb: 'list', group: KS, resource: 'kustomizations', namespace: 'flux-system' }).body.status).toEqual({ allowed: true });
    expect(review(api(objects), { verb: 'get', group: '', resource: 'secrets', namespace: 'flux-system' }).body.status).toMatchObject({ allowed: false });
    expect(a.handle({ method: 'POST', path: SSAR_PATH, body: 'not json' }).status).toBe(400);
  });

  it('lets collection narrow a forbidden cluster-wide list to the operator namespace', async () => {
    const operator = obj('apps/v1', 'Deployment', 'flux-operator', 'flux-system', { metadata: { labels: { 'app.kubernetes.io/name': 'flux-operator' } } });
    const a = api([operator, obj(`${KS}/v1`, 'Kustomization', 'k', 'flux-system'), obj(`${KS}/v1`, 'Kustomization', 'other', 'apps')], { access: limited });
    const state = await collect(a, { mode: 'snapshot', context: 'c', server: 's', needs: new Set(['operatorDeployments', 'kustomizations'] as const), deadline: Date.now() + 10_000, probeUi: false });
    const ks = state.inputs.kustomizations;
    expect(ks).toMatchObject({ ok: true, narrowedTo: 'flux-system' });
    expect(ks?.ok && ks.items.map((i) => i.metadata?.name)).toEqual(['k']);
    expect(state.access.find((c) => c.resource === INPUTS.kustomizations.resource)).toMatchObject({ allowed: false });
  });
});

describe('fixtureUiProbe', () => {
  const fixture = (side: SideData): Fixture => ({ objects: [], side });
  const probe = (side: SideData) => fixtureUiProbe(fixture(side))('flux-system', 'flux-operator-0', new AbortController().signal);

  it('answers 200 HTML and 200 JSON by default', async () => {
    expect(await probe({})).toEqual({ probed: true, pod: 'flux-operator-0', rootStatus: 200, reportStatus: 200, reportIsJson: true });
  });

  it('reports a starting UI (503), an SSO login (401) and a redirect with its location', async () => {
    expect(await probe({ ui: { report: 503 } })).toMatchObject({ rootStatus: 200, reportStatus: 503, reportIsJson: false });
    expect(await probe({ ui: { root: 401, report: 401 } })).toMatchObject({ rootStatus: 401, reportStatus: 401, reportIsJson: false });
    expect(await probe({ ui: { root: 302, report: 302, location: 'https://sso.example.com/auth' } })).toMatchObject({ rootStatus: 302, redirect: 'https://sso.example.com/auth' });
  });
});

describe('fixture parsing', () => {
  it('reads a List as kubectl prints it, restoring item kinds from a typed list', () => {
    const f = parseFixture('apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: a, namespace: x}\n', undefined, 't');
    expect(get(api(f.objects), '/api/v1/namespaces/x/pods/a').status).toBe(200);
  });
});
