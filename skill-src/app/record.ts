// --record: writes exactly what the validator read, as a fixture (List YAML + side data), with
// credentials redacted (record-redact.ts). Secrets are never read, so they can never be written.
import yaml from 'js-yaml';
import { INPUTS, isFluxGroup, type InputId } from '../cluster/inputs.js';
import { unusableConnection, type ClusterState } from '../cluster/state.js';
import { sidePathFor, type AccessRule, type FailedList, type SideData } from '../cluster/fixture.js';
import type { KubeObject } from '../kube/types.js';
import { refKey, ref } from '../kube/fields.js';
import { inputError } from './errors.js';
import { writePrivateFile } from './record-file.js';
import { redactRecorded } from './record-redact.js';
import { RECORD_DEPTH } from '../cluster/limits.js';

/** Marks where a recording cut a value nested deeper than RECORD_DEPTH. */
export const CUT = '**CUT: nested too deeply**';

/**
 * A copy of `value` whose nesting stops at RECORD_DEPTH: no check reads that deep, and a hostile server's
 * deeply nested object must neither break the recording nor make a file that cannot be loaded back.
 */
export function cutDeep(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= RECORD_DEPTH) return CUT;
  if (Array.isArray(value)) return value.map((v) => cutDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = cutDeep(v, depth + 1);
  return out;
}

/** Minimal CRD so a recording keeps "served but empty" apart from "not installed". */
function crdFor(id: InputId, apiVersion: string): KubeObject | undefined {
  const spec = INPUTS[id];
  if (!isFluxGroup(spec.group)) return undefined;
  const version = apiVersion.split('/')[1] ?? spec.versions[0] ?? 'v1';
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${spec.resource}.${spec.group}` },
    spec: {
      group: spec.group,
      names: { kind: spec.kind, listKind: `${spec.kind}List`, plural: spec.resource, singular: spec.kind.toLowerCase() },
      scope: 'Namespaced',
      versions: [{ name: version, served: true, storage: true }],
    },
  };
}

export function recordingOf(state: ClusterState): { objects: KubeObject[]; side: SideData } {
  const seen = new Set<string>();
  const objects: KubeObject[] = [];
  const access: AccessRule[] = [];
  for (const [id, result] of Object.entries(state.inputs) as [InputId, NonNullable<ClusterState['inputs'][InputId]>][]) {
    const spec = INPUTS[id];
    // The kind is served unless its list said otherwise (404): keep its CRD so a replay serves it too,
    // even when the list itself was refused or failed.
    const served = result.ok || result.error.code !== 'not-served';
    const crd = served ? crdFor(id, result.ok ? result.apiVersion : '') : undefined;
    if (crd && !seen.has(refKey(ref(crd)))) {
      seen.add(refKey(ref(crd)));
      objects.push(crd);
    }
    if (!result.ok) {
      if (result.error.code === 'forbidden') access.push({ verb: 'list', group: spec.group, resource: spec.resource, allowed: false });
      continue;
    }
    if (result.narrowedTo) {
      // Denied cluster-wide, allowed in the namespace that was read (the more specific rule wins on replay).
      access.push({ verb: 'list', group: spec.group, resource: spec.resource, allowed: false });
      access.push({ verb: 'list', group: spec.group, resource: spec.resource, namespace: result.narrowedTo, allowed: true });
    }
    for (const obj of result.items) {
      if (obj.kind === 'Secret') continue;
      const key = refKey(ref(obj));
      if (seen.has(key)) continue;
      seen.add(key);
      objects.push(redactRecorded(cutDeep(obj)) as KubeObject);
    }
  }
  for (const a of state.access) {
    if (!a.allowed && !a.error && !access.some((r) => r.resource === a.resource && r.group === a.group && r.verb === a.verb && r.subresource === a.subresource)) {
      const rule: AccessRule = { verb: a.verb, group: a.group, resource: a.resource, allowed: false };
      if (a.subresource) rule.subresource = a.subresource;
      if (a.namespace) rule.namespace = a.namespace;
      access.push(rule);
    }
  }
  const side: SideData = { recordedAt: state.now, context: state.connection.context };
  if (state.connection.version) side.serverVersion = state.connection.version;
  if (access.length > 0) side.access = access;
  const failed = failedLists(state).map(({ kind: _kind, ...list }) => list);
  if (failed.length > 0) side.failedLists = failed;
  if (state.ui.probed && state.ui.rootStatus !== undefined) {
    side.ui = { root: state.ui.rootStatus };
    if (state.ui.reportStatus !== undefined) side.ui.report = state.ui.reportStatus;
    if (state.ui.redirect) side.ui.location = state.ui.redirect;
  }
  return { objects, side };
}

/**
 * Lists that failed for another reason than RBAC or an absent CRD: the recording replays them as failing. Each is
 * recorded with the namespace and label selector of its read, so a resource listed twice (operator pods, controller
 * pods) fails on replay only where it failed live.
 */
function failedLists(state: ClusterState): (FailedList & { kind: string })[] {
  const out: (FailedList & { kind: string })[] = [];
  const seen = new Set<string>();
  for (const [id, r] of Object.entries(state.inputs) as [InputId, NonNullable<ClusterState['inputs'][InputId]>][]) {
    if (r.ok || r.error.code === 'forbidden' || r.error.code === 'not-served') continue;
    const code = r.error.code === 'timeout' || r.error.code === 'server-error' || r.error.code === 'bad-response' ? r.error.code : 'unreachable';
    const spec = INPUTS[id];
    const list: FailedList & { kind: string } = { kind: spec.kind, group: spec.group, resource: spec.resource, code };
    if (spec.scope === 'operator') list.namespace = state.operatorNamespace;
    if (spec.labelSelector) list.labelSelector = spec.labelSelector;
    const key = JSON.stringify([list.group, list.resource, list.namespace, list.labelSelector]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(list);
  }
  return out.sort((a, b) => a.kind.localeCompare(b.kind) || (a.labelSelector ?? '').localeCompare(b.labelSelector ?? ''));
}

/** Writes FILE and FILE's side data; returns the lines for stderr. */
export function writeRecording(file: string, state: ClusterState, force = false): string {
  const failed = unusableConnection(state.connection);
  if (failed) {
    // Nothing was read: an empty recording would replay as a cluster without Flux, which is not what was seen.
    return `nothing recorded to ${file}: the API server could not be used (${failed.code}); fix the connection and record again\n`;
  }
  const { objects, side } = recordingOf(state);
  const list = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: objects };
  try {
    writePrivateFile(file, yaml.dump(list, { noRefs: true, lineWidth: -1, sortKeys: false }), force);
    writePrivateFile(sidePathFor(file), yaml.dump(side, { noRefs: true, lineWidth: -1 }), force);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ELOOP') throw inputError(`refusing to write recording ${file}: a file or link appeared there while the cluster was read`, 'choose a new path for --record');
    throw inputError(`cannot write recording ${file}: ${code ?? 'write failed'}`, 'choose a writable path for --record');
  }
  const done = `recorded ${objects.length} objects to ${file} (side data in ${sidePathFor(file)}; credentials redacted, no Secrets)\n`;
  const missing = side.failedLists ?? [];
  if (missing.length === 0) return done;
  const lists = missing.map((m) => `${m.resource}${m.labelSelector ? ` [${m.labelSelector}]` : ''} (${m.code})`).join(', ');
  return `${done}lists that failed are marked in the side data and fail the same way on replay: ${lists}\n`;
}
