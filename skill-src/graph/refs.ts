// Reading references out of Flux objects: `{kind?, name, namespace?}` fields, `ns/name` strings, and the
// objects a controller names in a wait message (`timeout waiting for: [HelmRelease/traefik/traefik status: 'InProgress']`).
import { isRecord, str } from '../kube/fields.js';
import type { ResourceRef } from '../model.js';

export function mkRef(kind: string, name: string, namespace: string | undefined): ResourceRef {
  const r: ResourceRef = { kind, name };
  if (namespace !== undefined && namespace !== '') r.namespace = namespace;
  return r;
}

/** A `{kind?, name, namespace?}` reference field, with the referrer's namespace as the default. */
export function readRef(value: unknown, defaultKind: string | undefined, defaultNs: string | undefined, allowNs = true): ResourceRef | undefined {
  if (!isRecord(value)) return undefined;
  const name = str(value.name);
  const kind = str(value.kind) || defaultKind;
  if (!name || !kind) return undefined;
  const ns = (allowNs ? str(value.namespace) : undefined) || defaultNs;
  return mkRef(kind, name, ns);
}

/** Parses `ns/name` (as in HelmRelease status.helmChart). */
export function parseNsName(value: string | undefined, kind: string): ResourceRef | undefined {
  if (!value) return undefined;
  const i = value.indexOf('/');
  if (i <= 0 || i === value.length - 1) return undefined;
  return mkRef(kind, value.slice(i + 1), value.slice(0, i));
}

export interface WaitTarget {
  ref: ResourceRef;
  /** The status the controller reported for it (InProgress, Failed, NotFound, Current...). */
  status: string;
}

/**
 * The objects a health-check message names, in order. fluxcd/pkg formats each as `Kind/namespace/name` (no
 * namespace for cluster-scoped objects) followed by ` status: 'X'`, inside `timeout waiting for: [...]` or
 * `failed early due to stalled resources: [...]`; older releases print the status unquoted.
 */
export function parseWaitTargets(message: string): WaitTarget[] {
  const out: WaitTarget[] = [];
  const seen = new Set<string>();
  const re = /\b([A-Z][A-Za-z0-9]{0,62})\/(?:([a-z0-9][-a-z0-9.]{0,252})\/)?([a-z0-9][-a-z0-9.:]{0,252}) status: '?([A-Za-z]+)'?/g;
  for (let m = re.exec(message); m !== null && out.length < 100; m = re.exec(message)) {
    const [, kind, ns, name, status] = m;
    if (!kind || !name) continue;
    const ref = mkRef(kind, name, ns);
    const key = `${kind}/${ns ?? ''}/${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ref, status: status ?? '' });
  }
  return out;
}
