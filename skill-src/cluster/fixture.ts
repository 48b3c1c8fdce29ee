// Recorded clusters: plain Kubernetes YAML (a List or multi-document YAML, as `kubectl get -o yaml`
// prints it) plus optional side data in NAME.side.yaml next to it.
import { DocumentTooLarge, loadAllBounded, loadBounded } from './bounded-yaml.js';
import { SNAPSHOT_LIMITS, type DocumentLimits } from './limits.js';
import type { KubeObject } from '../kube/types.js';
import { arr, isRecord, num, str } from '../kube/fields.js';
import { inputError, parseProblem } from '../app/errors.js';

export interface AccessRule {
  verb: string;
  /** API group; '' for core. Omitted means any group. */
  group?: string;
  resource: string;
  subresource?: string;
  /** Omitted means any namespace and cluster-wide. */
  namespace?: string;
  allowed: boolean;
}

export interface UiAnswers {
  /** Status of GET / (default 200). */
  root?: number;
  /** Status of GET /api/v1/report (default 200). */
  report?: number;
  /** Location header for 3xx answers. */
  location?: string;
}

/** A list that failed while recording; replays fail it the same way instead of showing nothing. */
export interface FailedList {
  /** API group; '' for core. */
  group: string;
  resource: string;
  code: 'timeout' | 'unreachable' | 'server-error' | 'bad-response';
  /** Only the list in this namespace failed; absent: every namespace. */
  namespace?: string;
  /** Only the list with this label selector failed (two inputs can list one resource); absent: any selector. */
  labelSelector?: string;
}

const FAILED_CODES: readonly FailedList['code'][] = ['timeout', 'unreachable', 'server-error', 'bad-response'];

export interface SideData {
  /** When the recording was made; judges "recent" in snapshot mode and is the replay server's Date. */
  recordedAt?: string;
  /** e.g. v1.33.2 */
  serverVersion?: string;
  /** The context name reports show. */
  context?: string;
  access?: AccessRule[];
  ui?: UiAnswers;
  /** Replay-server fault specs (see scripts/replay); ignored by snapshot mode. */
  faults?: string[];
  /** Replay-server latency in ms; ignored by snapshot mode. */
  latencyMs?: number;
  /** Lists that failed while recording (see FailedList). */
  failedLists?: FailedList[];
}

export interface Fixture {
  objects: KubeObject[];
  side: SideData;
}

export function sidePathFor(fixturePath: string): string {
  return fixturePath.replace(/\.ya?ml$/i, '') + '.side.yaml';
}

function isKubeObject(v: unknown): v is KubeObject {
  return isRecord(v) && typeof v.kind === 'string' && typeof v.apiVersion === 'string' && isRecord(v.metadata) && typeof v.metadata.name === 'string';
}

/** Flattens Lists (kind: List or *List with items) into objects. */
function flatten(doc: unknown, out: KubeObject[], where: string): void {
  if (doc === null || doc === undefined) return;
  if (isRecord(doc) && Array.isArray(doc.items) && typeof doc.kind === 'string' && doc.kind.endsWith('List')) {
    const listVersion = str(doc.apiVersion);
    const itemKind = doc.kind === 'List' ? undefined : doc.kind.slice(0, -'List'.length);
    for (const item of doc.items) {
      if (isRecord(item)) {
        if (item.kind === undefined && itemKind) item.kind = itemKind;
        if (item.apiVersion === undefined && listVersion && itemKind) item.apiVersion = listVersion;
      }
      flatten(item, out, where);
    }
    return;
  }
  if (!isKubeObject(doc)) {
    throw inputError(`${where} is not a Kubernetes object list: every document needs apiVersion, kind and metadata.name`, 'record a cluster with validate.sh --record FILE or kubectl get ... -o yaml');
  }
  out.push(doc);
}

export function parseFixture(text: string, sideText: string | undefined, name: string, limits: DocumentLimits = SNAPSHOT_LIMITS): Fixture {
  let docs: unknown[];
  try {
    docs = loadAllBounded(text, limits);
  } catch (err) {
    if (err instanceof DocumentTooLarge) throw inputError(`snapshot ${name} is beyond the validator's bounds: ${err.message}`, 'give a recording made with validate.sh --record, which stays within them');
    throw inputError(`snapshot ${name} is not valid YAML: ${parseProblem(err)}`, 'give a file made with validate.sh --record or kubectl get -o yaml');
  }
  const objects: KubeObject[] = [];
  for (const doc of docs) flatten(doc, objects, `snapshot ${name}`);
  // An empty List is a recording of a cluster where nothing was found (Flux not installed); no document at all is not.
  const emptyList = docs.some((d) => isRecord(d) && Array.isArray(d.items) && typeof d.kind === 'string' && d.kind.endsWith('List'));
  if (objects.length === 0 && !emptyList) throw inputError(`snapshot ${name} holds no Kubernetes objects`, 'record a cluster with validate.sh --record FILE');
  return { objects, side: sideText === undefined ? {} : parseSide(sideText, name) };
}

export function parseSide(text: string, name: string): SideData {
  let doc: unknown;
  try {
    doc = loadBounded(text, SNAPSHOT_LIMITS);
  } catch (err) {
    if (err instanceof DocumentTooLarge) throw inputError(`side data of ${name} is beyond the validator's bounds: ${err.message}`, 'fix or remove the .side.yaml file next to the snapshot');
    throw inputError(`side data of ${name} is not valid YAML: ${parseProblem(err)}`, 'fix or remove the .side.yaml file next to the snapshot');
  }
  if (doc === undefined || doc === null) return {};
  if (!isRecord(doc)) throw inputError(`side data of ${name} must be a mapping`, 'see the fixture format in README.md');
  const side: SideData = {};
  const recordedAt = doc.recordedAt instanceof Date ? doc.recordedAt.toISOString() : str(doc.recordedAt);
  if (recordedAt !== undefined) side.recordedAt = recordedAt;
  const serverVersion = str(doc.serverVersion);
  if (serverVersion !== undefined) side.serverVersion = serverVersion;
  const context = str(doc.context);
  if (context !== undefined) side.context = context;
  const latency = num(doc.latencyMs);
  if (latency !== undefined) side.latencyMs = latency;
  const faults = arr(doc.faults).filter((f): f is string => typeof f === 'string');
  if (faults.length > 0) side.faults = faults;
  if (isRecord(doc.ui)) {
    const ui: UiAnswers = {};
    const root = num(doc.ui.root);
    const report = num(doc.ui.report);
    const location = str(doc.ui.location);
    if (root !== undefined) ui.root = root;
    if (report !== undefined) ui.report = report;
    if (location !== undefined) ui.location = location;
    side.ui = ui;
  }
  const access: AccessRule[] = [];
  for (const a of arr(doc.access)) {
    if (!isRecord(a) || typeof a.verb !== 'string' || typeof a.resource !== 'string' || typeof a.allowed !== 'boolean') continue;
    const rule: AccessRule = { verb: a.verb, resource: a.resource, allowed: a.allowed };
    if (typeof a.group === 'string') rule.group = a.group;
    if (typeof a.subresource === 'string') rule.subresource = a.subresource;
    if (typeof a.namespace === 'string') rule.namespace = a.namespace;
    access.push(rule);
  }
  if (access.length > 0) side.access = access;
  const failedLists: FailedList[] = [];
  for (const f of arr(doc.failedLists)) {
    if (!isRecord(f) || typeof f.group !== 'string' || typeof f.resource !== 'string') continue;
    const code = FAILED_CODES.find((c) => c === f.code);
    if (!code) continue;
    const failed: FailedList = { group: f.group, resource: f.resource, code };
    if (typeof f.namespace === 'string') failed.namespace = f.namespace;
    if (typeof f.labelSelector === 'string') failed.labelSelector = f.labelSelector;
    failedLists.push(failed);
  }
  if (failedLists.length > 0) side.failedLists = failedLists;
  return side;
}
