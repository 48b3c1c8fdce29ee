// Server-side printing: the meta.k8s.io Table kubectl asks for (`Accept: application/json;as=Table;...`).
// Custom resources print their CRD's printer columns (JSONPath); built-in kinds print the columns the API
// server's own printers produce for them, so `kubectl get` output looks as it does against a real cluster.
import type { ResourceType } from '../../skill-src/cluster/fixture-api.js';
import { jsonPath } from './jsonpath.js';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

type Obj = Record<string, unknown>;
type Cell = string | number | boolean | null;

interface Printer {
  columns: [name: string, type?: string, priority?: number][];
  cells(o: Obj, now: number): Cell[];
}

/** The Table media type version a client accepts, in its order of preference. */
export function wantsTable(accept: string | undefined): 'v1' | 'v1beta1' | undefined {
  for (const part of (accept ?? '').split(',')) {
    const params = part.split(';').map((p) => p.trim());
    if (!params.includes('as=Table') || !params.includes('g=meta.k8s.io')) continue;
    if (params.includes('v=v1')) return 'v1';
    if (params.includes('v=v1beta1')) return 'v1beta1';
  }
  return undefined;
}

/** Kubernetes' human-readable duration (as `kubectl get` shows ages). */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (h < 24 * 365 * 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

function get(o: unknown, ...path: (string | number)[]): unknown {
  let cur = o;
  for (const k of path) {
    if (typeof k === 'number') cur = Array.isArray(cur) ? cur[k] : undefined;
    else cur = typeof cur === 'object' && cur !== null && !Array.isArray(cur) ? (cur as Obj)[k] : undefined;
  }
  return cur;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function since(ts: unknown, now: number): string {
  const t = typeof ts === 'string' ? Date.parse(ts) : NaN;
  return Number.isFinite(t) ? humanDuration(now - t) : '<unknown>';
}

function age(o: Obj, now: number): string {
  return since(get(o, 'metadata', 'creationTimestamp'), now);
}

function name(o: Obj): string {
  return String(get(o, 'metadata', 'name') ?? '');
}

function podStatus(o: Obj): string {
  if (get(o, 'metadata', 'deletionTimestamp')) return 'Terminating';
  let reason = String(get(o, 'status', 'reason') ?? get(o, 'status', 'phase') ?? '');
  for (const c of list(get(o, 'status', 'containerStatuses'))) {
    const waiting = get(c, 'state', 'waiting', 'reason');
    const terminated = get(c, 'state', 'terminated', 'reason');
    if (typeof waiting === 'string' && waiting) reason = waiting;
    else if (typeof terminated === 'string' && terminated) reason = terminated;
  }
  return reason;
}

const none = (v: unknown): string => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : '<none>');

const PRINTERS: Record<string, Printer> = {
  '/Pod': {
    columns: [['Name'], ['Ready'], ['Status'], ['Restarts', 'string'], ['Age'], ['IP', 'string', 1], ['Node', 'string', 1], ['Nominated Node', 'string', 1], ['Readiness Gates', 'string', 1]],
    cells: (o, now) => {
      const statuses = list(get(o, 'status', 'containerStatuses'));
      const total = list(get(o, 'spec', 'containers')).length;
      const ready = statuses.filter((c) => get(c, 'ready') === true).length;
      const restarts = statuses.reduce<number>((n, c) => n + (Number(get(c, 'restartCount')) || 0), 0);
      return [name(o), `${ready}/${total}`, podStatus(o), String(restarts), age(o, now), none(get(o, 'status', 'podIP')), none(get(o, 'spec', 'nodeName')), none(get(o, 'status', 'nominatedNodeName')), '<none>'];
    },
  },
  'apps/Deployment': {
    columns: [['Name'], ['Ready'], ['Up-to-date', 'integer'], ['Available', 'integer'], ['Age'], ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1]],
    cells: (o, now) => {
      const n = (k: string): number => Number(get(o, 'status', k)) || 0;
      const containers = list(get(o, 'spec', 'template', 'spec', 'containers'));
      const selector = Object.entries((get(o, 'spec', 'selector', 'matchLabels') ?? {}) as Obj).map(([k, v]) => `${k}=${String(v)}`).join(',');
      return [name(o), `${n('readyReplicas')}/${Number(get(o, 'spec', 'replicas') ?? 1)}`, n('updatedReplicas'), n('availableReplicas'), age(o, now), containers.map((c) => String(get(c, 'name'))).join(','), containers.map((c) => String(get(c, 'image'))).join(','), selector || '<none>'];
    },
  },
  '/Service': {
    columns: [['Name'], ['Type'], ['Cluster-IP'], ['External-IP'], ['Port(s)'], ['Age'], ['Selector', 'string', 1]],
    cells: (o, now) => {
      const ports = list(get(o, 'spec', 'ports')).map((p) => `${String(get(p, 'port'))}${get(p, 'nodePort') ? ':' + String(get(p, 'nodePort')) : ''}/${String(get(p, 'protocol') ?? 'TCP')}`);
      const selector = Object.entries((get(o, 'spec', 'selector') ?? {}) as Obj).map(([k, v]) => `${k}=${String(v)}`).join(',');
      return [name(o), String(get(o, 'spec', 'type') ?? 'ClusterIP'), none(get(o, 'spec', 'clusterIP')), '<none>', ports.join(',') || '<none>', age(o, now), selector || '<none>'];
    },
  },
  '/Event': {
    columns: [['Last Seen'], ['Type'], ['Reason'], ['Object'], ['Subobject', 'string', 1], ['Source', 'string', 1], ['Message'], ['First Seen', 'string', 1], ['Count', 'integer', 1], ['Name', 'string', 1]],
    cells: (o, now) => {
      const io = (k: string): string => String(get(o, 'involvedObject', k) ?? '');
      return [
        since(get(o, 'lastTimestamp') ?? get(o, 'eventTime'), now),
        String(get(o, 'type') ?? ''),
        String(get(o, 'reason') ?? ''),
        `${io('kind').toLowerCase()}/${io('name')}`,
        io('fieldPath'),
        String(get(o, 'source', 'component') ?? get(o, 'reportingComponent') ?? ''),
        String(get(o, 'message') ?? ''),
        since(get(o, 'firstTimestamp') ?? get(o, 'eventTime'), now),
        Number(get(o, 'count') ?? 1),
        name(o),
      ];
    },
  },
  '/Namespace': { columns: [['Name'], ['Status'], ['Age']], cells: (o, now) => [name(o), String(get(o, 'status', 'phase') ?? 'Active'), age(o, now)] },
  '/ConfigMap': { columns: [['Name'], ['Data', 'integer'], ['Age']], cells: (o, now) => [name(o), Object.keys((get(o, 'data') ?? {}) as Obj).length, age(o, now)] },
  'apiextensions.k8s.io/CustomResourceDefinition': { columns: [['Name'], ['Created At', 'date']], cells: (o) => [name(o), String(get(o, 'metadata', 'creationTimestamp') ?? '<unknown>')] },
};

const DEFAULT_PRINTER: Printer = { columns: [['Name'], ['Age']], cells: (o, now) => [name(o), age(o, now)] };

function cell(type: string, values: unknown[], now: number): Cell {
  if (values.length === 0) return null;
  const v = values[0];
  if (type === 'date') return typeof v === 'string' ? since(v, now) : null;
  if (type === 'string') return typeof v === 'string' ? v : JSON.stringify(v);
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : JSON.stringify(v);
}

function printerFor(type: ResourceType, version: string): Printer {
  if (!type.custom) return PRINTERS[`${type.group}/${type.kind}`] ?? DEFAULT_PRINTER;
  const cols = type.columns?.[version] ?? [];
  if (cols.length === 0) return DEFAULT_PRINTER;
  return {
    columns: [['Name'], ...cols.map((c): [string, string, number] => [c.name, c.type, c.priority ?? 0])],
    cells: (o, now) => [name(o), ...cols.map((c) => cell(c.type, jsonPath(o, c.jsonPath), now))],
  };
}

/** A Table of one object or a list body as the API server would answer it. */
export function toTable(type: ResourceType, version: string, tableVersion: 'v1' | 'v1beta1', body: Obj, includeObject: string | undefined, now: number): Obj {
  const printer = printerFor(type, version);
  const columnDefinitions: ColumnDefinition[] = printer.columns.map(([n, t, p]) => ({
    name: n,
    type: t ?? 'string',
    format: n === 'Name' ? 'name' : '',
    description: n === 'Name' ? 'Name must be unique within a namespace.' : '',
    priority: p ?? 0,
  }));
  const isList = Array.isArray(body.items);
  const items = (isList ? list(body.items) : [body]).filter((o): o is Obj => typeof o === 'object' && o !== null);
  const apiVersion = type.group ? `${type.group}/${version}` : version;
  const rows = items.map((o) => {
    const row: Obj = { cells: printer.cells(o, now) };
    if (includeObject === 'Object') row.object = { apiVersion, kind: type.kind, ...o };
    else if (includeObject !== 'None') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata ?? {} };
    return row;
  });
  const metadata: Obj = {};
  const listMeta = (isList ? body.metadata : undefined) as Obj | undefined;
  for (const k of ['resourceVersion', 'continue', 'remainingItemCount']) if (listMeta?.[k] !== undefined) metadata[k] = listMeta[k];
  return { kind: 'Table', apiVersion: `meta.k8s.io/${tableVersion}`, metadata, columnDefinitions, rows };
}
