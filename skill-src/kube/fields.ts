// Defensive readers over untyped Kubernetes objects. Checks use only these, so a missing or mistyped
// field in a cluster object becomes "absent", never an exception.
import type { Condition, KubeObject } from './types.js';
import type { ResourceRef } from '../model.js';

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function rec(value: unknown): Json {
  return isRecord(value) ? value : {};
}

/** Reads a nested field: path('a','b') of {a:{b:1}} is 1; anything off the path is undefined. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = value;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[key];
    } else {
      if (!isRecord(cur)) return undefined;
      cur = cur[key];
    }
  }
  return cur;
}

export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function name(obj: KubeObject): string {
  return str(obj.metadata?.name) ?? '';
}

export function namespace(obj: KubeObject): string | undefined {
  return str(obj.metadata?.namespace);
}

export function kind(obj: KubeObject): string {
  return str(obj.kind) ?? '';
}

export function labels(obj: KubeObject): Record<string, string> {
  return stringMap(obj.metadata?.labels);
}

export function annotations(obj: KubeObject): Record<string, string> {
  return stringMap(obj.metadata?.annotations);
}

export function generation(obj: KubeObject): number | undefined {
  return num(obj.metadata?.generation);
}

export function ref(obj: KubeObject, fallbackKind = ''): ResourceRef {
  const ns = namespace(obj);
  const r: ResourceRef = { kind: kind(obj) || fallbackKind, name: name(obj) };
  if (ns !== undefined) r.namespace = ns;
  return r;
}

export function refKey(r: ResourceRef): string {
  return `${r.kind}/${r.namespace ?? ''}/${r.name}`;
}

/** A well-formed condition read from its raw form (type set, status True/False/Unknown), else undefined. */
function readCondition(raw: unknown): Condition | undefined {
  if (!isRecord(raw)) return undefined;
  const type = str(raw.type);
  const status = str(raw.status);
  if (!type || (status !== 'True' && status !== 'False' && status !== 'Unknown')) return undefined;
  const c: Condition = { type, status, reason: str(raw.reason) ?? '', message: str(raw.message) ?? '' };
  const og = num(raw.observedGeneration);
  if (og !== undefined) c.observedGeneration = og;
  const ltt = str(raw.lastTransitionTime);
  if (ltt !== undefined) c.lastTransitionTime = ltt;
  return c;
}

export function conditions(obj: KubeObject): Condition[] {
  const out: Condition[] = [];
  for (const raw of arr(at(obj, 'status', 'conditions'))) {
    const c = readCondition(raw);
    if (c) out.push(c);
  }
  return out;
}

/** The first well-formed condition of a type; only that one is read (checks ask this of every object). */
export function condition(obj: KubeObject, type: string): Condition | undefined {
  for (const raw of arr(at(obj, 'status', 'conditions'))) {
    if (!isRecord(raw) || raw.type !== type) continue;
    const c = readCondition(raw);
    if (c) return c;
  }
  return undefined;
}

export function observedGeneration(obj: KubeObject): number | undefined {
  return num(at(obj, 'status', 'observedGeneration'));
}

export function isSuspended(obj: KubeObject): boolean {
  return at(obj, 'spec', 'suspend') === true;
}

/** Flux's reconcile-disable annotation (`kustomize.toolkit.fluxcd.io/reconcile: disabled` and the operator's own). */
export function reconcileDisabled(obj: KubeObject): boolean {
  const a = annotations(obj);
  return Object.entries(a).some(([k, v]) => k.endsWith('/reconcile') && v.toLowerCase() === 'disabled');
}

/** `generation` ahead of `status.observedGeneration`: the controller has not yet seen the latest spec. */
export function isStale(obj: KubeObject): boolean {
  const gen = generation(obj);
  const obs = observedGeneration(obj);
  return gen !== undefined && obs !== undefined && obs >= 0 && gen > obs;
}

/** Parses a Go duration such as 1m30s or 10m into seconds; undefined when unparseable. */
export function durationSeconds(value: unknown): number | undefined {
  const s = str(value);
  if (!s) return undefined;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) {
    const n = Number(m[1]);
    const unit = m[2];
    total += unit === 'h' ? n * 3600 : unit === 'm' ? n * 60 : unit === 's' ? n : n / 1000;
    consumed += m[0].length;
  }
  return consumed === s.length && consumed > 0 ? total : undefined;
}
