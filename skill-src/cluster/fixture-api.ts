// An in-memory Kubernetes API over a recorded cluster: snapshot mode collects through it in-process and the
// replay server serves it over HTTPS, so live and snapshot runs see the same answers. Read-only: GET plus
// SelfSubjectAccessReview; Secrets are never served.
import type { AccessRule, FailedList, Fixture, UiAnswers } from './fixture.js';
import { catalogue, splitApiVersion, type ResourceType } from './fixture-kinds.js';
import { fieldMatcher, labelMatcher } from './fixture-selectors.js';
import { SSAR_PATH } from './requests.js';
import type { UiProbe } from './state.js';
import { TransportError, type ApiRequest, type ApiResponse, type ApiTransport } from './transport.js';
import { uiProbeFrom, type HttpAnswer } from './ui-answer.js';
import type { KubeObject } from '../kube/types.js';
import { at, isRecord, str } from '../kube/fields.js';

export type { ResourceType } from './fixture-kinds.js';

export { SSAR_PATH };
const USER = 'system:serviceaccount:flux-system:replay';

export interface AccessAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  /** Undefined for a cluster-wide request. */
  namespace?: string;
}

/**
 * Decides a request from the side data's access rules. A rule matches by verb, group, resource ('*' or an
 * omitted group match any) and subresource (an omitted one matches only requests without a subresource).
 * Its namespace scopes it: a named namespace applies there only; '*' applies in every namespace but not to
 * cluster-wide requests; no namespace applies everywhere, cluster-wide included. The most specific matching
 * rule decides (named namespace, then '*', then none), the first in the file among equals; no rule: allowed.
 * "Access limited to one namespace" is therefore: {verb: '*', resource: '*', allowed: false} followed by
 * {verb: '*', resource: '*', namespace: flux-system, allowed: true}. Secrets are refused whatever the rules say.
 */
export function accessAllowed(rules: readonly AccessRule[] | undefined, a: AccessAttributes): boolean {
  if (a.group === '' && a.resource === 'secrets') return false;
  let best: { rank: number; allowed: boolean } | undefined;
  for (const r of rules ?? []) {
    if (r.verb !== '*' && r.verb !== a.verb) continue;
    if (r.group !== undefined && r.group !== '*' && r.group !== a.group) continue;
    if (r.resource !== '*' && r.resource !== a.resource) continue;
    if ((r.subresource ?? '') !== (a.subresource ?? '') && r.subresource !== '*') continue;
    let rank = 0;
    if (r.namespace === '*') rank = 1;
    else if (r.namespace !== undefined) rank = 2;
    if (rank > 0 && a.namespace === undefined) continue;
    if (rank === 2 && r.namespace !== a.namespace) continue;
    if (!best || rank > best.rank) best = { rank, allowed: r.allowed };
  }
  return best?.allowed ?? true;
}

function kubeVersion(gitVersion: string): { major: string; minor: string } {
  const m = /^v?(\d+)\.(\d+)/.exec(gitVersion);
  return { major: m?.[1] ?? '1', minor: m?.[2] ?? '33' };
}

interface Stored {
  obj: KubeObject;
  namespace: string;
  name: string;
  /** Sort and continue key: namespace, NUL, name (byte order, as the API server's storage). */
  key: string;
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

const TOKEN_VERSION = 'meta.k8s.io/v1';

function encodeToken(t: ContinueToken): string {
  return Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');
}

function decodeToken(token: string, rv: number): string | undefined {
  try {
    const t: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (!isRecord(t) || t.v !== TOKEN_VERSION || t.rv !== rv || typeof t.start !== 'string') return undefined;
    return t.start;
  } catch {
    return undefined;
  }
}

/**
 * The recorded failure of a list request, if the recording has one. A failure recorded with a namespace or a label
 * selector matches only that list, so a replay fails exactly the reads that failed while recording.
 */
export function failedListFor(failed: readonly FailedList[] | undefined, req: ApiRequest): FailedList | undefined {
  if (!failed || req.method !== 'GET') return undefined;
  const m = /^\/(?:api\/[^/]+|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)\/?$/.exec(req.path);
  if (!m) return undefined;
  const group = m[1] ?? '';
  const namespace = m[2];
  const labelSelector = req.query?.labelSelector;
  return failed.find(
    (f) =>
      f.group === group &&
      f.resource === m[3] &&
      (f.namespace === undefined || f.namespace === namespace) &&
      // A failure recorded without a selector was an unselected read: the selected reads of the resource were fine.
      f.labelSelector === labelSelector,
  );
}

export class FixtureApi implements ApiTransport {
  readonly types: readonly ResourceType[];
  private readonly store = new Map<ResourceType, Stored[]>();
  private readonly resourceVersion: number;
  private readonly date: string | undefined;

  constructor(readonly fixture: Fixture) {
    const cat = catalogue(fixture.objects);
    this.types = cat.types;
    let rv = 1;
    for (const obj of cat.objects) {
      const t = this.typeOfObject(obj);
      if (!t) continue;
      const namespace = t.namespaced ? str(obj.metadata?.namespace) ?? 'default' : '';
      const name = str(obj.metadata?.name) ?? '';
      const list = this.store.get(t) ?? [];
      list.push({ obj, namespace, name, key: `${namespace}\u0000${name}` });
      this.store.set(t, list);
      const objRv = Number(obj.metadata?.resourceVersion);
      if (Number.isSafeInteger(objRv) && objRv > rv) rv = objRv;
    }
    for (const list of this.store.values()) list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.resourceVersion = rv;
    const recorded = Date.parse(fixture.side.recordedAt ?? '');
    this.date = Number.isFinite(recorded) ? new Date(recorded).toUTCString() : undefined;
  }

  private typeOfObject(obj: KubeObject): ResourceType | undefined {
    const { group } = splitApiVersion(str(obj.apiVersion) ?? '');
    return this.types.find((t) => t.group === group && t.kind === obj.kind);
  }

  /** The type served at group/version under this plural, if any. */
  typeFor(group: string, version: string, plural: string): ResourceType | undefined {
    return this.types.find((t) => t.group === group && t.plural === plural && t.versions.includes(version));
  }

  /** Groups with their served versions (preferred first), built-in groups first as the API server lists them. */
  groups(): { name: string; versions: string[] }[] {
    const out = new Map<string, string[]>();
    for (const t of this.types) {
      if (t.group === '') continue;
      const vs = out.get(t.group) ?? [];
      for (const v of t.versions) if (!vs.includes(v)) vs.push(v);
      out.set(t.group, vs);
    }
    return [...out].map(([name, versions]) => ({ name, versions }));
  }

  /** A stored object by its resource coordinates: the replay server checks that a port-forwarded pod exists. */
  object(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(type)?.find((s) => s.name === name && s.namespace === (namespace ?? ''))?.obj;
  }

  allows(a: AccessAttributes): boolean {
    return accessAllowed(this.fixture.side.access, a);
  }

  async request(req: ApiRequest): Promise<ApiResponse> {
    const failed = failedListFor(this.fixture.side.failedLists, req);
    if (failed?.code === 'timeout') throw new TransportError('timeout', 'no answer before the timeout');
    if (failed?.code === 'unreachable') throw new TransportError('reset', 'the connection was reset mid-response');
    if (failed?.code === 'server-error') return this.status(500, 'InternalError', 'the list failed when the cluster was recorded');
    if (failed?.code === 'bad-response') return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"items": [' };
    return this.handle(req);
  }

  handle(req: ApiRequest): ApiResponse {
    let segs: string[];
    try {
      segs = req.path.split('/').filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
    } catch {
      return this.notFound();
    }
    if (req.method === 'POST') {
      if (req.path.replace(/\/$/, '') === SSAR_PATH) return this.accessReview(req.body ?? '');
      return this.status(405, 'MethodNotAllowed', 'the recorded cluster is read-only');
    }
    const [root, a, b] = segs;
    if (segs.length === 1 && root === 'version') return this.json(200, this.version());
    if (root === 'api') {
      if (segs.length === 1) return this.json(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] });
      if (a !== 'v1') return this.notFound();
      if (segs.length === 2) return this.json(200, this.resourceList('', 'v1'));
      return this.resource(req, '', 'v1', segs.slice(2));
    }
    if (root === 'apis') {
      if (segs.length === 1) return this.json(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: this.groups().map((g) => this.apiGroup(g.name, g.versions)) });
      const group = this.groups().find((g) => g.name === a);
      if (!group) return this.notFound();
      if (segs.length === 2) return this.json(200, { kind: 'APIGroup', apiVersion: 'v1', ...this.apiGroup(group.name, group.versions) });
      if (!b || !group.versions.includes(b)) return this.notFound();
      if (segs.length === 3) return this.json(200, this.resourceList(group.name, b));
      return this.resource(req, group.name, b, segs.slice(3));
    }
    return this.notFound();
  }

  private version(): Record<string, string> {
    const gitVersion = this.fixture.side.serverVersion ?? 'v1.33.2';
    return {
      ...kubeVersion(gitVersion),
      gitVersion,
      gitCommit: '0000000000000000000000000000000000000000',
      gitTreeState: 'clean',
      buildDate: '2025-01-01T00:00:00Z',
      goVersion: 'go1.24.4',
      compiler: 'gc',
      platform: 'linux/amd64',
    };
  }

  private apiGroup(name: string, versions: string[]): Record<string, unknown> {
    const gv = (v: string): Record<string, string> => ({ groupVersion: `${name}/${v}`, version: v });
    return { name, versions: versions.map(gv), preferredVersion: gv(versions[0] ?? 'v1') };
  }

  private resourceList(group: string, version: string): Record<string, unknown> {
    const resources: Record<string, unknown>[] = [];
    for (const t of this.types) {
      if (t.group !== group || !t.versions.includes(version)) continue;
      const r: Record<string, unknown> = { name: t.plural, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: t.verbs };
      if (t.shortNames.length > 0) r.shortNames = t.shortNames;
      resources.push(r);
      if (t.custom) resources.push({ name: `${t.plural}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] });
      if (group === '' && t.plural === 'pods') {
        resources.push({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
        resources.push({ name: 'pods/portforward', singularName: '', namespaced: true, kind: 'PodPortForwardOptions', verbs: ['create', 'get'] });
      }
    }
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
  }

  private resource(req: ApiRequest, group: string, version: string, rest: string[]): ApiResponse {
    let namespace: string | undefined;
    let segs = rest;
    // /api/v1/namespaces/NS/status is the Namespace's own subresource, not a resource named "status".
    const namespaceSub = group === '' && segs[0] === 'namespaces' && segs.length === 3 && (segs[2] === 'status' || segs[2] === 'finalize');
    if (segs[0] === 'namespaces' && segs.length >= 3 && !namespaceSub) {
      namespace = segs[1];
      segs = segs.slice(2);
    }
    const [resource = '', name, subresource] = segs;
    if (segs.length > 3) return this.notFound();
    const q = req.query ?? {};
    const verb = name !== undefined ? 'get' : q.watch === 'true' || q.watch === '1' ? 'watch' : 'list';
    if (group === '' && resource === 'secrets') return this.forbidden({ verb, group, resource, namespace }, name);
    const type = this.typeFor(group, version, resource);
    if (!type || (namespace !== undefined && !type.namespaced) || type.plural === 'selfsubjectaccessreviews') return this.notFound();
    if (name !== undefined && type.namespaced && namespace === undefined) return this.notFound();
    if (subresource !== undefined && subresource !== 'status') return this.notFound();
    const attrs: AccessAttributes = { verb, group, resource };
    if (namespace !== undefined) attrs.namespace = namespace;
    if (!this.allows(attrs)) return this.forbidden(attrs, name);
    if (verb === 'watch') return this.status(405, 'MethodNotAllowed', 'watch is not supported by a recorded cluster');
    const apiVersion = group ? `${group}/${version}` : version;
    const all = this.store.get(type) ?? [];
    if (name !== undefined) {
      const found = all.find((s) => s.name === name && s.namespace === (namespace ?? ''));
      if (!found) return this.status(404, 'NotFound', `${type.plural}${group ? '.' + group : ''} "${name}" not found`, this.details(type, name));
      return this.json(200, { ...found.obj, apiVersion, kind: type.kind });
    }
    return this.list(type, apiVersion, all, namespace, q);
  }

  private list(type: ResourceType, apiVersion: string, all: Stored[], namespace: string | undefined, q: Record<string, string>): ApiResponse {
    let items = namespace === undefined ? all : all.filter((s) => s.namespace === namespace);
    for (const [param, make] of [
      ['labelSelector', (s: string) => labelMatcher(s)],
      ['fieldSelector', (s: string) => fieldMatcher(s, type.kind, !type.custom)],
    ] as const) {
      const selector = q[param];
      if (!selector) continue;
      const match = make(selector);
      if (typeof match === 'string') return this.status(400, 'BadRequest', match);
      items = items.filter((s) => match(s.obj));
    }
    if (q.continue) {
      const start = decodeToken(q.continue, this.resourceVersion);
      if (start === undefined) {
        return this.status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
      }
      items = items.filter((s) => s.key > start);
    }
    const limit = Number(q.limit);
    const metadata: Record<string, unknown> = { resourceVersion: String(this.resourceVersion) };
    const last = Number.isSafeInteger(limit) && limit > 0 && items.length > limit ? items[limit - 1] : undefined;
    if (last) {
      metadata.continue = encodeToken({ v: TOKEN_VERSION, rv: this.resourceVersion, start: last.key });
      metadata.remainingItemCount = items.length - limit;
      items = items.slice(0, limit);
    }
    // Typed built-in lists omit kind and apiVersion on items; custom resource lists carry them.
    const out = items.map(({ obj }) => {
      if (type.custom) return { ...obj, apiVersion, kind: type.kind };
      const { apiVersion: _v, kind: _k, ...rest } = obj;
      return rest;
    });
    return this.json(200, { apiVersion, kind: `${type.kind}List`, metadata, items: out });
  }

  private accessReview(body: string): ApiResponse {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return this.status(400, 'BadRequest', 'the access review is not valid JSON');
    }
    const spec = at(parsed, 'spec');
    const ra = at(spec, 'resourceAttributes');
    let allowed = true;
    if (isRecord(ra)) {
      const attrs: AccessAttributes = { verb: str(ra.verb) ?? '', group: str(ra.group) ?? '', resource: str(ra.resource) ?? '' };
      const sub = str(ra.subresource);
      const ns = str(ra.namespace);
      if (sub) attrs.subresource = sub;
      if (ns) attrs.namespace = ns;
      allowed = this.allows(attrs);
    }
    const status: Record<string, unknown> = { allowed };
    if (!allowed) status.reason = 'denied by the recorded access rules';
    return this.json(201, { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status });
  }

  private details(type: ResourceType, name?: string): Record<string, string> {
    const d: Record<string, string> = { kind: type.plural };
    if (name !== undefined) d.name = name;
    if (type.group) d.group = type.group;
    return d;
  }

  private forbidden(a: AccessAttributes, name?: string): ApiResponse {
    const what = `${a.resource}${a.group ? '.' + a.group : ''}${name !== undefined ? ` "${name}"` : ''}`;
    const where = a.namespace !== undefined ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
    const details: Record<string, string> = { kind: a.resource };
    if (name !== undefined) details.name = name;
    if (a.group) details.group = a.group;
    return this.status(403, 'Forbidden', `${what} is forbidden: User "${USER}" cannot ${a.verb} resource "${a.resource}" in API group "${a.group}" ${where}`, details);
  }

  private notFound(): ApiResponse {
    return this.status(404, 'NotFound', 'the server could not find the requested resource', {});
  }

  private status(code: number, reason: string, message: string, details?: Record<string, string>): ApiResponse {
    const body: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason };
    if (details) body.details = details;
    body.code = code;
    return this.json(code, body);
  }

  private json(status: number, body: unknown): ApiResponse {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.date) headers.date = this.date;
    return { status, headers, body: JSON.stringify(body) };
  }
}

/** The Flux UI's answers as the side data records them (default 200 HTML and 200 JSON). */
export function recordedUiAnswers(fixture: Fixture): { root: HttpAnswer; report: HttpAnswer } {
  const ui: UiAnswers = fixture.side.ui ?? {};
  const answer = (status: number, ok: () => HttpAnswer): HttpAnswer => {
    if (status >= 200 && status < 300) return ok();
    if (status >= 300 && status < 400) return { status, headers: { location: ui.location ?? '/login', 'content-type': 'text/html; charset=utf-8' }, body: '' };
    return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `HTTP ${status}\n` };
  };
  const report = fixture.objects.find((o) => o.kind === 'FluxReport');
  return {
    root: answer(ui.root ?? 200, () => ({ status: ui.root ?? 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!doctype html><html><head><title>Flux Operator</title></head><body><div id="app"></div></body></html>\n' })),
    report: answer(ui.report ?? 200, () => ({ status: ui.report ?? 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(report?.spec ?? {}) })),
  };
}

/** Snapshot mode's UI probe: the recorded answers, judged exactly as a live probe judges them. */
export function fixtureUiProbe(fixture: Fixture): (namespace: string, pod: string, signal: AbortSignal) => Promise<UiProbe> {
  return async (_namespace, pod) => {
    const { root, report } = recordedUiAnswers(fixture);
    return uiProbeFrom(pod, root, report);
  };
}
