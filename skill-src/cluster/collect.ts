// Collection: fetch every declared input once, concurrently, paginated, with bounded concurrency,
// inside one deadline. Every failure becomes data in ClusterState; nothing here throws.
import { setMaxListeners } from 'node:events';
import type { KubeObject } from '../kube/types.js';
import { arr, at, isRecord, str } from '../kube/fields.js';
import { FOLLOW_NAMESPACES, INPUTS, isFluxGroup, type InputId, type InputSpec } from './inputs.js';
import { unusableConnection, type AccessCheck, type ClusterState, type ConnectionInfo, type InputError, type InputResult, type UiProbe } from './state.js';
import { DISCOVERY_PATH, SSAR_PATH, VERSION_PATH, groupVersionPath, listPath } from './requests.js';
import { TransportError, type ApiRequest, type ApiResponse, type ApiTransport } from './transport.js';
import { COLLECT_LIMITS, mib, type CollectLimits } from './limits.js';
import { Limiter } from './limiter.js';
import { releaseResponseMemory } from './release-memory.js';

export const PAGE_SIZE = 500;
const MAX_IN_FLIGHT = 8;
const MAX_RETRIES = 3;
const DEFAULT_NAMESPACE = 'flux-system';

export interface CollectOptions {
  mode: 'live' | 'snapshot';
  context: string;
  server: string;
  /** --namespace, when given. */
  namespace?: string;
  needs: ReadonlySet<InputId>;
  deadline: number;
  probeUi: boolean;
  /** Probes the Flux UI through a port-forward to the given pod (live) or from recorded answers (snapshot). */
  uiProbe?: (namespace: string, pod: string, signal: AbortSignal) => Promise<UiProbe>;
  /** Clock used when the API server sends no Date header. */
  clock?: () => number;
  progress?: (line: string) => void;
  /** Bounds on what the server may send (default COLLECT_LIMITS); tests lower them. */
  limits?: CollectLimits;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // The listener goes when the timer fires: many retries must not pile listeners onto the one run-wide signal.
    const onAbort = (): void => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function statusError(status: number, body: string, what: string): InputError {
  let detail = '';
  try {
    const parsed: unknown = JSON.parse(body);
    detail = str(at(parsed, 'message')) ?? '';
  } catch {
    // Not a Status object; the status code says enough.
  }
  const suffix = detail ? `: ${detail.split('\n')[0]}` : '';
  if (status === 401) return { code: 'unauthorized', status, message: `401 Unauthorized listing ${what}: the credentials were rejected${suffix}` };
  if (status === 403) return { code: 'forbidden', status, message: `403 Forbidden listing ${what}${suffix}` };
  if (status === 404) return { code: 'not-served', status, message: `${what} are not served by this cluster (CRD not installed)` };
  return { code: 'server-error', status, message: `HTTP ${status} listing ${what}${suffix}` };
}

/**
 * True for a TransportError from any copy of transport.ts: the live transport is bundled and loaded on its
 * own (build/bundle.ts), so its class is not this module's and `instanceof` alone misses it.
 */
function isTransportError(err: unknown): err is TransportError {
  if (err instanceof TransportError) return true;
  return err instanceof Error && err.name === 'TransportError' && typeof (err as { code?: unknown }).code === 'string';
}

export function transportInputError(err: unknown, what: string): InputError {
  if (isTransportError(err)) {
    const text: Record<string, string> = {
      refused: 'connection refused',
      dns: 'the server name does not resolve (DNS)',
      tls: 'TLS handshake failed (certificate not trusted or wrong CA)',
      timeout: 'no answer before the timeout',
      reset: 'the connection was reset mid-response',
      aborted: 'no answer before the timeout',
      'too-large': 'the answer was too large',
      'plugin-timeout': 'the exec credential plugin did not finish before the --timeout deadline and was killed',
      other: 'the request failed',
    };
    const timedOut = err.code === 'timeout' || err.code === 'aborted' || err.code === 'plugin-timeout';
    const code = err.code === 'tls' ? 'tls' : timedOut ? 'timeout' : err.code === 'too-large' ? 'bad-response' : 'unreachable';
    const cause = text[err.code] ?? 'the request failed';
    // The transport's own words add detail (ECONNREFUSED 10.0.0.1:6443) unless they only repeat the cause. A timeout
    // gets none: whether the read was queued or in flight when the deadline passed depends on load, not the cluster.
    const detail = (code !== 'timeout' || err.code === 'plugin-timeout') && err.message && err.message !== cause && !cause.includes(err.message) ? ` (${err.message})` : '';
    return { code, message: `${cause} while reading ${what}${detail}` };
  }
  return { code: 'unreachable', message: `the request for ${what} failed: ${err instanceof Error ? err.message : String(err)}` };
}

/**
 * A copy of an object without some of its own keys. Copying instead of `delete` keeps objects in V8's compact
 * representation: a deleted key turns an object into a hash table several times its size.
 */
function without(obj: Record<string, unknown>, keys: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) if (!keys.has(k)) out[k] = obj[k];
  return out;
}

/** Drops a path (spec, values) from an object, if present, by copying the object that held the last key. */
function dropPath(obj: Record<string, unknown>, path: readonly string[]): void {
  const last = path[path.length - 1];
  const holderKey = path[path.length - 2];
  if (last === undefined || holderKey === undefined) return;
  let parent: Record<string, unknown> = obj;
  for (const k of path.slice(0, -2)) {
    const next = parent[k];
    if (!isRecord(next)) return;
    parent = next;
  }
  const holder = parent[holderKey];
  if (isRecord(holder) && last in holder) parent[holderKey] = without(holder, new Set([last]));
}

/** Paths dropped from every object (an annotation key holds dots, so paths are key lists). */
const METADATA_DROP: readonly (readonly string[])[] = [
  ['metadata', 'managedFields'],
  ['metadata', 'annotations', 'kubectl.kubernetes.io/last-applied-configuration'],
];

/**
 * Drops bulky fields no check reads, so memory stays bounded on large clusters (and recordings small):
 * managed fields, the last-applied copy, the kind's own bulky fields (the kind table's `drop`: Helm values,
 * Kustomize patches, inventories, templates), and all but the newest history entry (only that one is read).
 */
function slim(obj: KubeObject, drop: readonly string[]): KubeObject {
  for (const path of METADATA_DROP) dropPath(obj, path);
  for (const path of drop) dropPath(obj, path.split('.'));
  const status = obj.status;
  if (isRecord(status) && Array.isArray(status.history) && status.history.length > 1) status.history = status.history.slice(0, 1);
  return obj;
}

interface ServedGroups {
  /** group -> served versions (preferred first); undefined when discovery itself failed. */
  versions?: Map<string, string[]>;
}

export class Collector {
  private readonly limiter = new Limiter(MAX_IN_FLIGHT);
  private readonly abort = new AbortController();
  private readonly resourceLists = new Map<string, Promise<Set<string> | undefined>>();
  private timer: NodeJS.Timeout | undefined;
  private readonly limits: CollectLimits;
  /** Body bytes and objects received so far, against limits.totalBytes and limits.objects. */
  private bytesRead = 0;
  private bytesReserved = 0;
  /** Body bytes read since the last collection (release-memory.ts). */
  private bytesSinceRelease = 0;
  private objectsRead = 0;

  constructor(
    private readonly transport: ApiTransport,
    private readonly opts: CollectOptions,
  ) {
    // One deadline signal serves every request, retry wait and UI probe of the run: up to MAX_IN_FLIGHT of each
    // listen at once, and a finished request lets go of its listener only when its socket closes. Node's
    // default warning at 10 would print on stderr; 100 still flags a real leak.
    setMaxListeners(100, this.abort.signal);
    this.limits = opts.limits ?? COLLECT_LIMITS;
  }

  private async call(req: ApiRequest): Promise<ApiResponse> {
    return this.limiter.run(async () => {
      for (let attempt = 0; ; attempt++) {
        if (this.abort.signal.aborted) throw new TransportError('timeout', 'deadline reached');
        // Requests in flight reserve their bound, so what is buffered and what is kept never pass totalBytes together.
        const left = this.limits.totalBytes - this.bytesRead - this.bytesReserved;
        if (left <= 0) throw new TransportError('too-large', `the run already read ${mib(this.limits.totalBytes)} from this cluster`);
        const maxBytes = Math.min(this.limits.responseBytes, left);
        this.bytesReserved += maxBytes;
        let res: ApiResponse;
        try {
          res = await this.transport.request({ ...req, maxBytes }, this.abort.signal);
        } finally {
          this.bytesReserved -= maxBytes;
        }
        this.bytesRead += res.body.length;
        this.bytesSinceRelease += res.body.length;
        if (this.bytesSinceRelease >= this.limits.releaseEveryBytes) {
          this.bytesSinceRelease = 0;
          releaseResponseMemory();
        }
        const retryable = res.status === 429 || res.status === 503 || res.status === 500 || res.status === 502 || res.status === 504;
        if (!retryable || attempt >= MAX_RETRIES) return res;
        const retryAfter = Number(res.headers['retry-after']);
        const wait = Math.min(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 200 * 2 ** attempt, 5000);
        if (Date.now() + wait >= this.opts.deadline) return res;
        await sleep(wait, this.abort.signal);
      }
    });
  }

  /** Lists one resource, following `continue` tokens; restarts once when a token expires (410). */
  private async list(path: string, spec: InputSpec, what: string): Promise<{ ok: true; items: KubeObject[]; apiVersion: string } | { ok: false; error: InputError }> {
    let restarted = false;
    let items: KubeObject[] = [];
    let token: string | undefined;
    let apiVersion = '';
    let pages = 0;
    for (;;) {
      if (++pages > this.limits.pagesPerList) {
        return { ok: false, error: { code: 'bad-response', message: `the API server kept sending continue tokens for ${what}: stopped after ${this.limits.pagesPerList} pages` } };
      }
      const query: Record<string, string> = { limit: String(PAGE_SIZE) };
      if (spec.labelSelector) query.labelSelector = spec.labelSelector;
      if (spec.fieldSelector) query.fieldSelector = spec.fieldSelector;
      if (token) query.continue = token;
      let res: ApiResponse;
      try {
        res = await this.call({ method: 'GET', path, query });
      } catch (err) {
        return { ok: false, error: transportInputError(err, what) };
      }
      if (res.status === 410 && token && !restarted) {
        restarted = true;
        this.objectsRead -= items.length;
        items = [];
        token = undefined;
        continue;
      }
      if (res.status !== 200) return { ok: false, error: statusError(res.status, res.body, what) };
      let parsed: unknown;
      try {
        parsed = JSON.parse(res.body);
      } catch {
        return { ok: false, error: { code: 'bad-response', message: `the API server sent malformed JSON for ${what}` } };
      }
      if (!isRecord(parsed) || !Array.isArray(parsed.items)) {
        return { ok: false, error: { code: 'bad-response', message: `the API server sent no item list for ${what}` } };
      }
      if (parsed.items.length > PAGE_SIZE) {
        return { ok: false, error: { code: 'bad-response', message: `the API server sent ${parsed.items.length} ${what} in one page, more than the limit of ${PAGE_SIZE} asked for` } };
      }
      this.objectsRead += parsed.items.length;
      if (this.objectsRead > this.limits.objects) {
        return { ok: false, error: { code: 'bad-response', message: `the API server sent more than ${this.limits.objects} objects in all; stopped while reading ${what}` } };
      }
      const listVersion = str(parsed.apiVersion) ?? '';
      apiVersion = listVersion;
      const itemKind = spec.kind;
      for (const raw of parsed.items) {
        if (!isRecord(raw)) continue;
        const obj = raw as KubeObject;
        // Lists omit kind/apiVersion on items; restore them so every object names itself.
        if (obj.kind === undefined) obj.kind = itemKind;
        if (obj.apiVersion === undefined && listVersion) obj.apiVersion = listVersion;
        if (spec.keep && !spec.keep(obj)) continue;
        items.push(slim(obj, spec.drop ?? []));
      }
      token = str(at(parsed, 'metadata', 'continue')) || undefined;
      if (!token) return { ok: true, items, apiVersion };
    }
  }

  private pathFor(spec: InputSpec, version: string, namespace?: string): string {
    return listPath(spec, version, namespace === undefined ? undefined : encodeURIComponent(namespace));
  }

  /** Resource names served at group/version (its APIResourceList), fetched once per run; undefined when unreadable. */
  private servedResources(group: string, version: string): Promise<Set<string> | undefined> {
    const key = `${group}/${version}`;
    let hit = this.resourceLists.get(key);
    if (!hit) {
      hit = (async () => {
        try {
          const res = await this.call({ method: 'GET', path: groupVersionPath(group, version) });
          if (res.status !== 200) return undefined;
          const names = arr(at(JSON.parse(res.body) as unknown, 'resources')).map((r) => str(at(r, 'name')));
          return new Set(names.filter((n): n is string => !!n && !n.includes('/')));
        } catch {
          return undefined;
        }
      })();
      this.resourceLists.set(key, hit);
    }
    return hit;
  }

  /**
   * The version this cluster serves the kind at, resolved per kind: kinds of one group are served at different
   * versions (Flux 2.2: GitRepository v1, HelmRepository v1beta2), so a group's preferred version says nothing
   * about a given kind. Known versions newest first, then any other the group serves (a future one is read
   * defensively); the first whose resource list names the kind wins.
   */
  private async versionFor(spec: InputSpec, served: ServedGroups): Promise<string | InputError> {
    if (!isFluxGroup(spec.group) || !served.versions) return spec.versions[0] ?? 'v1';
    const groupVersions = served.versions.get(spec.group);
    if (!groupVersions || groupVersions.length === 0) {
      return { code: 'not-served', status: 404, message: `the ${spec.group} API group is not served (${spec.kind} CRD not installed)` };
    }
    const candidates = [...spec.versions.filter((v) => groupVersions.includes(v)), ...groupVersions.filter((v) => !spec.versions.includes(v))];
    let unreadable: string | undefined;
    for (const v of candidates) {
      const resources = await this.servedResources(spec.group, v);
      if (resources === undefined) unreadable ??= v;
      else if (resources.has(spec.resource)) return v;
    }
    // A resource list we could not read: try the list itself, whose own answer (404, 403, timeout) is reported.
    if (unreadable !== undefined) return unreadable;
    return { code: 'not-served', status: 404, message: `${spec.kind} objects are not served by this cluster (CRD not installed)` };
  }

  private async fetchInput(spec: InputSpec, served: ServedGroups, namespace: string | undefined): Promise<InputResult> {
    const version = await this.versionFor(spec, served);
    if (typeof version !== 'string') return { ok: false, error: version };
    const what = `${spec.kind} objects`;
    const first = await this.list(this.pathFor(spec, version, namespace), spec, namespace ? `${what} in ${namespace}` : what);
    if (first.ok) return { ok: true, apiVersion: first.apiVersion || (spec.group ? `${spec.group}/${version}` : version), items: first.items };
    return { ok: false, error: first.error };
  }

  /**
   * A 'follow' input, listed in each namespace where the inputs it follows kept an object (the first
   * FOLLOW_NAMESPACES by name), merged into one result; the first failure stands for the whole input.
   */
  private async fetchFollowing(spec: InputSpec, served: ServedGroups, inputs: Partial<Record<InputId, InputResult>>): Promise<InputResult> {
    const namespaces = new Set<string>();
    for (const id of spec.follows ?? []) {
      const r = inputs[id];
      if (!r?.ok) continue;
      for (const obj of r.items) {
        const ns = str(obj.metadata?.namespace);
        if (ns) namespaces.add(ns);
      }
    }
    const chosen = [...namespaces].sort().slice(0, FOLLOW_NAMESPACES);
    const results = await Promise.all(chosen.map((ns) => this.fetchInput(spec, served, ns)));
    const failed = results.find((r) => !r.ok);
    if (failed) return failed;
    const items = results.flatMap((r) => (r.ok ? r.items : []));
    const apiVersion = spec.group ? `${spec.group}/${spec.versions[0] ?? 'v1'}` : (spec.versions[0] ?? 'v1');
    const merged: InputResult = { ok: true, apiVersion, items };
    if (namespaces.size > chosen.length) merged.notListedIn = namespaces.size - chosen.length;
    return merged;
  }

  /** A cluster-wide list that is forbidden is retried in the operator namespace: namespace-scoped RBAC is common. */
  private async fetchClusterWide(spec: InputSpec, served: ServedGroups, fallbackNs: () => Promise<string>): Promise<InputResult> {
    const r = await this.fetchInput(spec, served, undefined);
    if (r.ok || r.error.code !== 'forbidden') return r;
    const ns = await fallbackNs();
    const narrowed = await this.fetchInput(spec, served, ns);
    if (narrowed.ok) return { ...narrowed, narrowedTo: ns };
    return r;
  }

  private async discover(): Promise<ServedGroups> {
    try {
      const res = await this.call({ method: 'GET', path: DISCOVERY_PATH });
      if (res.status !== 200) return {};
      const parsed: unknown = JSON.parse(res.body);
      const versions = new Map<string, string[]>();
      for (const g of arr(at(parsed, 'groups'))) {
        const name = str(at(g, 'name'));
        if (!name) continue;
        const preferred = str(at(g, 'preferredVersion', 'version'));
        const vs = arr(at(g, 'versions')).map((v) => str(at(v, 'version'))).filter((v): v is string => !!v);
        versions.set(name, preferred ? [preferred, ...vs.filter((v) => v !== preferred)] : vs);
      }
      return { versions };
    } catch {
      return {};
    }
  }

  private async version(): Promise<{ conn: ConnectionInfo; now: number }> {
    const conn: ConnectionInfo = { context: this.opts.context, server: this.opts.server };
    const clock = this.opts.clock ?? Date.now;
    const started = Date.now();
    try {
      const res = await this.call({ method: 'GET', path: VERSION_PATH });
      // A round trip to an in-memory recording measures nothing about the cluster.
      if (this.opts.mode === 'live') conn.rttMs = Date.now() - started;
      const date = Date.parse(res.headers.date ?? '');
      const now = Number.isFinite(date) ? date : clock();
      if (res.status === 200) {
        try {
          conn.version = str(at(JSON.parse(res.body) as unknown, 'gitVersion'));
        } catch {
          // A version we cannot read is not fatal.
        }
      } else if (res.status !== 403) {
        // /version is public on most clusters; a 403 alone does not end the run.
        conn.error = statusError(res.status, res.body, 'the server version');
      }
      return { conn, now };
    } catch (err) {
      conn.error = transportInputError(err, 'the server version');
      return { conn, now: clock() };
    }
  }

  private async accessReview(check: Omit<AccessCheck, 'allowed'>): Promise<AccessCheck> {
    const attrs: Record<string, string> = { verb: check.verb, group: check.group, resource: check.resource };
    if (check.subresource) attrs.subresource = check.subresource;
    if (check.namespace) attrs.namespace = check.namespace;
    const body = JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: attrs } });
    try {
      const res = await this.call({ method: 'POST', path: SSAR_PATH, body });
      if (res.status !== 200 && res.status !== 201) return { ...check, allowed: false, error: `access review failed with HTTP ${res.status}` };
      const parsed: unknown = JSON.parse(res.body);
      return { ...check, allowed: at(parsed, 'status', 'allowed') === true };
    } catch (err) {
      return { ...check, allowed: false, error: transportInputError(err, 'an access review').message };
    }
  }

  async collect(): Promise<ClusterState> {
    const { opts } = this;
    const remaining = Math.max(0, opts.deadline - Date.now());
    this.timer = setTimeout(() => this.abort.abort(), remaining);
    try {
      return await this.collectAll();
    } finally {
      clearTimeout(this.timer);
    }
  }

  private async collectAll(): Promise<ClusterState> {
    const { opts } = this;
    const progress = opts.progress ?? (() => undefined);
    progress('► connecting to the API server');
    // Discovery goes out with /version: one round trip saved; its answer is unused if the server is unusable.
    const discovery = this.discover();
    const { conn, now } = await this.version();
    const inputs: Partial<Record<InputId, InputResult>> = {};
    const base = {
      mode: opts.mode,
      now: new Date(now).toISOString(),
      connection: conn,
      access: [] as AccessCheck[],
    };
    const unusable = unusableConnection(conn);
    if (unusable) {
      // Nothing else can succeed: every input carries the connection's error, so every check reports it once.
      for (const id of opts.needs) inputs[id] = { ok: false, error: unusable };
      const ui: UiProbe = { probed: false, reason: 'the API server could not be reached' };
      return { ...base, operatorNamespace: opts.namespace ?? DEFAULT_NAMESPACE, namespaceSource: opts.namespace ? 'flag' : 'default', inputs, ui };
    }
    progress('► discovering Flux APIs');
    const served = await discovery;

    // The operator's namespace decides where namespaced inputs are read: find it first, concurrently with the cluster-wide lists.
    let nsSource: ClusterState['namespaceSource'] = opts.namespace ? 'flag' : 'default';
    const opSpec = INPUTS.operatorDeployments;
    const operatorNs: Promise<string> = (async () => {
      if (opts.namespace) {
        // With --namespace the operator is looked for there only.
        inputs.operatorDeployments = await this.fetchInput(opSpec, served, opts.namespace);
        return opts.namespace;
      }
      const r = await this.fetchClusterWide(opSpec, served, async () => DEFAULT_NAMESPACE);
      inputs.operatorDeployments = r;
      const found = r.ok ? r.items.map((d) => str(d.metadata?.namespace)).find((n): n is string => !!n) : undefined;
      if (found) nsSource = 'label';
      return found ?? DEFAULT_NAMESPACE;
    })();

    progress('► listing Flux objects');
    const tasks: Promise<void>[] = [operatorNs.then(() => undefined)];
    const followers: InputSpec[] = [];
    for (const id of opts.needs) {
      const spec = INPUTS[id];
      if (id === 'operatorDeployments') continue;
      if (spec.scope === 'follow') {
        followers.push(spec);
        continue;
      }
      tasks.push(
        (async () => {
          if (spec.scope === 'operator') {
            inputs[id] = await this.fetchInput(spec, served, await operatorNs);
          } else {
            inputs[id] = await this.fetchClusterWide(spec, served, () => operatorNs);
          }
        })(),
      );
    }

    // The port-forward needs its own permission: ask while the lists run.
    const portForward: Promise<AccessCheck[]> = opts.probeUi
      ? operatorNs.then(async (ns) => [await this.accessReview({ verb: 'create', group: '', resource: 'pods', subresource: 'portforward', namespace: ns })])
      : Promise.resolve([]);

    await Promise.all(tasks);
    // Inputs that follow others (pods of not-ready workloads) go out once those are in: one list per namespace.
    await Promise.all(followers.map(async (spec) => (inputs[spec.id] = await this.fetchFollowing(spec, served, inputs))));
    const namespace = await operatorNs;
    // A list that succeeded answers its own access question; review only the reads that were refused,
    // so the report can say which permission is missing and where (one request per refused kind).
    const refused = await Promise.all(refusedReads(opts.needs, inputs, namespace).map((r) => this.accessReview(r)));
    const accessResults = [...refused, ...(await portForward)];

    let ui: UiProbe = { probed: false, reason: 'disabled with --no-probe-ui' };
    if (opts.probeUi) {
      const pod = pickRunningPod(inputs.operatorPods);
      if (!pod) ui = { probed: false, reason: 'no running Flux Operator pod to port-forward to' };
      else if (!opts.uiProbe) ui = { probed: false, reason: 'port-forward is not available in this mode' };
      else {
        progress('► probing the Flux UI through a port-forward');
        ui = await opts.uiProbe(namespace, pod, this.abort.signal).catch((err: unknown) => ({ probed: true as const, pod, error: err instanceof Error ? err.message : String(err) }));
      }
    }
    return { ...base, access: accessResults, operatorNamespace: namespace, namespaceSource: nsSource, inputs, ui };
  }
}

/** One list review per refused or narrowed read (cluster-wide, or in the operator namespace for namespaced inputs). */
function refusedReads(needs: ReadonlySet<InputId>, inputs: Partial<Record<InputId, InputResult>>, ns: string): Omit<AccessCheck, 'allowed'>[] {
  const reviews: Omit<AccessCheck, 'allowed'>[] = [];
  const seen = new Set<string>();
  for (const id of needs) {
    const r = inputs[id];
    const refused = r !== undefined && ((!r.ok && r.error.code === 'forbidden') || (r.ok && r.narrowedTo !== undefined));
    if (!refused) continue;
    const s = INPUTS[id];
    const namespace = s.scope === 'operator' ? ns : undefined;
    const key = `${s.group}/${s.resource}/${namespace ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const review: Omit<AccessCheck, 'allowed'> = { verb: 'list', group: s.group, resource: s.resource };
    if (namespace) review.namespace = namespace;
    reviews.push(review);
  }
  return reviews;
}

/** The first Running, Ready operator pod, by name for determinism. */
export function pickRunningPod(result: InputResult | undefined): string | undefined {
  if (!result?.ok) return undefined;
  const names = result.items
    .filter((p) => str(at(p, 'status', 'phase')) === 'Running')
    .map((p) => str(p.metadata?.name))
    .filter((n): n is string => !!n)
    .sort();
  return names[0];
}

export function collect(transport: ApiTransport, opts: CollectOptions): Promise<ClusterState> {
  return new Collector(transport, opts).collect();
}
