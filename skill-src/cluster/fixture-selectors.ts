// Label and field selectors as the API server parses them, for recorded clusters.
import type { KubeObject } from '../kube/types.js';
import { at, labels } from '../kube/fields.js';

type LabelOp = 'exists' | '!exists' | '=' | '!=' | 'in' | 'notin';
interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}

export type Matcher = (obj: KubeObject) => boolean;

/** Splits on commas outside parentheses: `a in (x,y),b` is two requirements. */
function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function parseRequirement(r: string): LabelRequirement | string {
  let m = /^!\s*([\w./-]+)$/.exec(r);
  if (m?.[1]) return { key: m[1], op: '!exists', values: [] };
  m = /^([\w./-]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(r);
  if (m?.[1] && m[2] && m[3] !== undefined) return { key: m[1], op: m[2] === 'in' ? 'in' : 'notin', values: m[3].split(',').map((v) => v.trim()) };
  m = /^([\w./-]+)\s*(==|!=|=)\s*([\w.-]*)$/.exec(r);
  if (m?.[1] && m[2] && m[3] !== undefined) return { key: m[1], op: m[2] === '!=' ? '!=' : '=', values: [m[3]] };
  m = /^([\w./-]+)$/.exec(r);
  if (m?.[1]) return { key: m[1], op: 'exists', values: [] };
  return `unable to parse requirement: ${JSON.stringify(r)}`;
}

/** A matcher for a labelSelector, or an error message (the API server answers 400). */
export function labelMatcher(selector: string): Matcher | string {
  const reqs: LabelRequirement[] = [];
  for (const part of splitTop(selector)) {
    const r = parseRequirement(part);
    if (typeof r === 'string') return r;
    reqs.push(r);
  }
  return (obj) => {
    const l = labels(obj);
    return reqs.every(({ key, op, values }) => {
      const has = Object.hasOwn(l, key);
      const v = l[key] ?? '';
      if (op === 'exists') return has;
      if (op === '!exists') return !has;
      if (op === '=') return has && v === values[0];
      if (op === '!=') return !has || v !== values[0];
      if (op === 'in') return has && values.includes(v);
      return !has || !values.includes(v);
    });
  };
}

// Fields the API server accepts in a fieldSelector beyond metadata.name and metadata.namespace.
const FIELDS: Record<string, string[]> = {
  Event: ['type', 'reason', 'source', 'reportingComponent', 'involvedObject.kind', 'involvedObject.name', 'involvedObject.namespace', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath'],
  Pod: ['status.phase', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.podIP', 'status.nominatedNodeName'],
  Namespace: ['status.phase'],
  Node: ['spec.unschedulable'],
  ReplicaSet: ['status.replicas'],
  Job: ['status.successful'],
};

function fieldValue(obj: KubeObject, field: string): string {
  const path = field === 'source' ? ['source', 'component'] : field.split('.');
  const v = at(obj, ...path);
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** A matcher for a fieldSelector on objects of `kind` (built-in kinds only have their own fields), or an error. */
export function fieldMatcher(selector: string, kind: string, builtin: boolean): Matcher | string {
  const allowed = ['metadata.name', 'metadata.namespace', ...(builtin ? FIELDS[kind] ?? [] : [])];
  const reqs: { field: string; negate: boolean; value: string }[] = [];
  for (const part of splitTop(selector)) {
    const m = /^([\w.]+)\s*(==|!=|=)\s*(.*)$/.exec(part);
    if (!m?.[1] || !m[2]) return `invalid selector: ${JSON.stringify(part)}; can't understand it`;
    if (!allowed.includes(m[1])) return `field label not supported: ${m[1]}`;
    reqs.push({ field: m[1], negate: m[2] === '!=', value: m[3] ?? '' });
  }
  return (obj) => reqs.every(({ field, negate, value }) => (fieldValue(obj, field) === value) !== negate);
}
