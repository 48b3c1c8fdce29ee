// metadata.managedFields as the API server writes them: one Apply entry by the manager that applied the object
// (its metadata and spec) and one Update entry by the controller that writes its status. fieldsV1 mirrors the
// object's own fields (`f:` keys, `k:{...}` for list items keyed by type or name, `.` for a set map), so a
// generated object weighs what a real one does and the benchmark's parse and memory figures are not flattered.
import { RECORDED_AT, type FleetObject, type Json } from './meta.js';

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function itemKey(item: Json): string | undefined {
  for (const k of ['type', 'name', 'id']) {
    const v = item[k];
    if (typeof v === 'string') return `k:${JSON.stringify({ [k]: v })}`;
  }
  return undefined;
}

/** The fieldsV1 set of a value: a map's keys, a keyed list's items, `{}` for anything else. */
export function fieldsV1(value: unknown): Json {
  if (isRecord(value)) {
    const out: Json = { '.': {} };
    for (const [k, v] of Object.entries(value)) out[`f:${k}`] = fieldsV1(v);
    return out;
  }
  if (Array.isArray(value) && value.every(isRecord)) {
    const out: Json = {};
    for (const item of value) {
      const key = itemKey(item);
      if (key) out[key] = fieldsV1(item);
    }
    return Object.keys(out).length > 0 ? { '.': {}, ...out } : {};
  }
  return {};
}

/** Who applies an object and who writes its status, by API group. */
function managers(obj: FleetObject): { applier: string; status: string } {
  const group = obj.apiVersion.split('/')[0] ?? '';
  if (group.startsWith('source.')) return { applier: 'kustomize-controller', status: 'source-controller' };
  if (group.startsWith('kustomize.')) return { applier: 'kustomize-controller', status: 'kustomize-controller' };
  if (group.startsWith('helm.')) return { applier: 'kustomize-controller', status: 'helm-controller' };
  if (group.startsWith('notification.')) return { applier: 'kustomize-controller', status: 'notification-controller' };
  if (group.startsWith('fluxcd.controlplane.io')) return { applier: 'flux-operator', status: 'flux-operator' };
  return { applier: 'flux-operator', status: 'kube-controller-manager' };
}

/** The object with managedFields added to its metadata (after its other fields, as kubectl prints them). */
export function withManagedFields(obj: FleetObject): FleetObject {
  const { applier, status } = managers(obj);
  const { name: _n, namespace: _ns, uid: _u, resourceVersion: _rv, creationTimestamp: _c, generation: _g, ...applied } = obj.metadata;
  const entries: Json[] = [
    {
      apiVersion: obj.apiVersion,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': fieldsV1(applied), ...(obj.spec ? { 'f:spec': fieldsV1(obj.spec) } : {}) },
      manager: applier,
      operation: 'Apply',
      time: obj.metadata.creationTimestamp,
    },
  ];
  if (obj.status) {
    entries.push({ apiVersion: obj.apiVersion, fieldsType: 'FieldsV1', fieldsV1: { 'f:status': fieldsV1(obj.status) }, manager: status, operation: 'Update', subresource: 'status', time: RECORDED_AT });
  }
  return { ...obj, metadata: { ...obj.metadata, managedFields: entries } };
}
