// The FluxInstance singleton (`flux` in the operator namespace) and the FluxReport the operator computes.
import { INPUTS, isFluxGroup, type InputId } from '../../cluster/inputs.js';
import type { ClusterState } from '../../cluster/state.js';
import { arr, at, bool, condition, generation, isRecord, name, namespace, num, observedGeneration, reconcileDisabled, ref, str } from '../../kube/fields.js';
import type { Condition, KubeObject } from '../../kube/types.js';
import type { CheckOutcome, Finding, ResourceRef } from '../../model.js';
import type { Check } from '../check.js';
import { fluxReport } from './operator.js';
import { INPUT_REASONS, INSTALL_OPERATOR, inputFailure, nsName, operatorSkip, pushIf, read } from './common.js';
import { kubectl, list, parts, step, type NextFields } from '../../report/next-step.js';
import { readDeployment } from './pods.js';
import { fluxGraph } from '../../graph/graph.js';
import { edgesOf } from '../../graph/edges.js';
import { describeCommand, shortName } from '../flux/status.js';

/** The controllers a FluxInstance installs when spec.components is unset. */
export const DEFAULT_COMPONENTS = ['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller'] as const;

/** Reasons the operator writes on a failed FluxInstance; any other is reported as InstanceNotReady. */
const FAILURE_REASONS = ['ReconciliationFailed', 'BuildFailed', 'ArtifactFailed', 'HealthCheckFailed'] as const;
const PROGRESS_REASONS = ['Progressing', 'ProgressingWithRetry'] as const;

const INSTANCE_REASONS = [
  'FluxInstanceNotFound',
  'FluxInstanceIgnored',
  'ReconcileDisabled',
  ...FAILURE_REASONS,
  'InstanceNotReady',
  ...PROGRESS_REASONS,
  'InstanceNotReconciled',
  'StaleStatus',
  'RevisionNotApplied',
  'ComponentMissing',
] as const;

const REPORT_REASONS = ['FluxReportNotFound', 'FluxReportNotReady', 'ComponentNotReady', 'SyncNotReady', 'SyncSuspended', 'IncompleteView'] as const;

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '; ').trim();
}

function condText(c: Condition): string {
  return `${c.type}=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${oneLine(c.message)}` : ''}`;
}

function pick<T extends string>(known: readonly T[], reason: string, fallback: string): string {
  return (known as readonly string[]).includes(reason) ? reason : fallback;
}

interface InstanceVerdict {
  findings: Finding[];
  facts: string[];
  /** Whether the instance is Ready=True for its latest generation. */
  healthy: boolean;
  progressing: boolean;
}

/**
 * For a FluxInstance that failed applying or waiting for its controllers, the controller Deployment that is
 * unavailable (the one its message names, else the first): the instance fails because of it.
 */
function unavailableController(state: ClusterState, message: string): ResourceRef | undefined {
  const deployments = read(state, 'controllerDeployments');
  if (!deployments.ok) return undefined;
  const down = deployments.items.map(readDeployment).filter((d) => d.namespace === state.operatorNamespace && d.desired > 0 && d.available < d.desired);
  const named = down.find((d) => message.includes(`Deployment/${d.namespace}/${d.name}`));
  return (named ?? down[0])?.ref;
}

/** Reasons under which an unavailable controller explains the FluxInstance's failure. */
const WAIT_REASONS = new Set(['HealthCheckFailed', 'ReconciliationFailed']);

function judgeInstance(state: ClusterState, fi: KubeObject, ns: string): InstanceVerdict {
  const r: ResourceRef = { kind: 'FluxInstance', namespace: ns, name: 'flux' };
  const findings: Finding[] = [];
  const facts: string[] = [];
  const nsPart = parts.namespace(ns);
  const describe = (reason: string): NextFields => step(reason, kubectl(nsPart, 'describe', parts.kind('FluxInstance'), 'flux'));
  const ready = condition(fi, 'Ready');
  const stalled = condition(fi, 'Stalled');
  const reconciling = condition(fi, 'Reconciling');
  const gen = generation(fi);
  // FluxInstance has no status.observedGeneration: the Ready condition carries it.
  const obs = observedGeneration(fi) ?? ready?.observedGeneration;
  const stale = gen !== undefined && obs !== undefined && obs >= 0 && gen > obs;
  const attempted = str(at(fi, 'status', 'lastAttemptedRevision'));
  const applied = str(at(fi, 'status', 'lastAppliedRevision'));
  const notApplied = attempted && attempted !== applied ? `; the latest attempt ${attempted} did not apply${applied ? `, still running ${applied}` : ''}` : '';
  const staleText = stale ? ` (status is for generation ${obs}, spec is at ${gen})` : '';

  facts.push(`FluxInstance ${ns}/flux: ${ready ? condText(ready) : 'no Ready condition'}`);
  const version = str(at(fi, 'spec', 'distribution', 'version'));
  const registry = str(at(fi, 'spec', 'distribution', 'registry'));
  if (version || registry) facts.push(`distribution requested: version ${version ?? '?'} from ${registry ?? '?'}`);
  if (applied) facts.push(`last applied revision: ${applied}`);
  const syncUrl = str(at(fi, 'spec', 'sync', 'url'));
  if (syncUrl) {
    const kind = str(at(fi, 'spec', 'sync', 'kind')) ?? '?';
    facts.push(`sync: ${kind} ${syncUrl} ref ${str(at(fi, 'spec', 'sync', 'ref')) ?? '?'} path ${str(at(fi, 'spec', 'sync', 'path')) ?? '?'}`);
  }

  if (reconcileDisabled(fi)) {
    findings.push({
      severity: 'warning',
      resource: r,
      reason: 'ReconcileDisabled',
      message: 'reconciliation is disabled by the annotation fluxcd.controlplane.io/reconcile: disabled: changes to the FluxInstance and drift in the controllers are not corrected',
      ...step('ReconcileDisabled', kubectl(nsPart, 'get', parts.kind('FluxInstance'), 'flux', '-o', 'jsonpath={.metadata.annotations}')),
    });
  }

  let healthy = false;
  let progressing = false;
  if (stalled?.status === 'True') {
    const reason = pick(FAILURE_REASONS, stalled.reason, 'InstanceNotReady');
    findings.push({ severity: 'error', resource: r, reason, message: `FluxInstance flux is stalled and will not retry until its spec changes: ${condText(stalled)}${notApplied}${staleText}`, ...describe(reason) });
  } else if (ready?.status === 'False') {
    const reason = pick(FAILURE_REASONS, ready.reason, 'InstanceNotReady');
    const f: Finding = { severity: 'error', resource: r, reason, message: `FluxInstance flux is not ready: ${condText(ready)}${notApplied}${staleText}`, ...describe(reason) };
    // An unavailable controller explains everything else; otherwise the graph says what the instance waits on
    // (its sync Kustomization or source, or an object its message names).
    const cause = (WAIT_REASONS.has(ready.reason) ? unavailableController(state, ready.message) : undefined) ?? fluxGraph(state).rootCause(r);
    if (cause) f.rootCause = cause;
    findings.push(f);
  } else if (reconciling?.status === 'True' || ready?.status === 'Unknown') {
    progressing = true;
    const c = reconciling?.status === 'True' ? reconciling : ready;
    const reason = pick(PROGRESS_REASONS, c?.reason ?? '', 'Progressing');
    findings.push({
      severity: 'warning',
      resource: r,
      reason,
      message: `FluxInstance flux is being reconciled (in progress)${c ? `: ${condText(c)}` : ''}`,
      ...step(reason, kubectl(nsPart, 'get', parts.kind('FluxInstance'), 'flux')),
    });
  } else if (!ready) {
    findings.push({
      severity: 'warning',
      resource: r,
      reason: 'InstanceNotReconciled',
      message: 'FluxInstance flux has no Ready condition: the operator has not reconciled it yet (is the operator running?)',
      ...describe('InstanceNotReconciled'),
    });
  } else if (stale) {
    progressing = true;
    findings.push({
      severity: 'warning',
      resource: r,
      reason: 'StaleStatus',
      message: `FluxInstance flux is Ready for generation ${obs}, but its spec is at generation ${gen}: the operator has not acted on the latest change yet`,
      ...describe('StaleStatus'),
    });
  } else {
    healthy = true;
    if (notApplied) {
      healthy = false;
      findings.push({ severity: 'warning', resource: r, reason: 'RevisionNotApplied', message: `FluxInstance flux is Ready but${notApplied.slice(1)}`, ...describe('RevisionNotApplied') });
    }
  }
  return { findings, facts, healthy, progressing };
}

function requestedComponents(fi: KubeObject): string[] {
  const raw = at(fi, 'spec', 'components');
  const list = arr(raw).filter((c): c is string => typeof c === 'string' && c !== '');
  return Array.isArray(raw) && list.length > 0 ? list : [...DEFAULT_COMPONENTS];
}

function componentFindings(state: ClusterState, fi: KubeObject, verdict: InstanceVerdict, facts: string[]): Finding[] {
  const ns = state.operatorNamespace;
  const wanted = requestedComponents(fi);
  facts.push(`components requested: ${wanted.join(', ')}`);
  const deployments = read(state, 'controllerDeployments');
  // The controllers check reports an unreadable Deployment list; here the comparison is just skipped.
  if (!deployments.ok) {
    facts.push('components not compared: the controller Deployments could not be read');
    return [];
  }
  const present = new Set(deployments.items.filter((d) => (namespace(d) ?? ns) === ns).map(name));
  const fiRef: ResourceRef = { kind: 'FluxInstance', namespace: ns, name: 'flux' };
  return wanted
    .filter((c) => !present.has(c))
    .map((c): Finding => {
      const f: Finding = {
        severity: verdict.progressing ? 'warning' : 'error',
        resource: { kind: 'Deployment', namespace: ns, name: c },
        reason: 'ComponentMissing',
        message: `FluxInstance flux requests ${c}, but no Deployment ${c} labelled app.kubernetes.io/part-of=flux exists in ${ns}${verdict.progressing ? ' (the instance is still reconciling)' : ''}`,
        ...step('ComponentMissing', kubectl(parts.namespace(ns), 'get', 'deployments', '-l', 'app.kubernetes.io/part-of=flux')),
      };
      if (!verdict.healthy) f.rootCause = fiRef;
      return f;
    });
}

function reportFindings(state: ClusterState, report: KubeObject, facts: string[]): Finding[] {
  const ns = namespace(report) ?? state.operatorNamespace;
  const rr = ref(report, 'FluxReport');
  const findings: Finding[] = [];
  const ready = condition(report, 'Ready');
  if (ready?.status === 'False') {
    findings.push({
      severity: 'warning',
      resource: rr,
      reason: 'FluxReportNotReady',
      message: `FluxReport ${name(report)} could not be computed: ${condText(ready)}`,
      ...step('FluxReportNotReady', kubectl(parts.namespace(ns), 'describe', parts.kind('FluxReport'), parts.name(name(report)))),
    });
  }

  const dist = at(report, 'spec', 'distribution');
  if (isRecord(dist)) {
    const managedBy = str(dist.managedBy);
    facts.push(`Flux distribution (FluxReport): ${str(dist.version) ?? 'version unknown'}, ${str(dist.status) ?? 'status unknown'}${managedBy ? `, managed by ${managedBy}` : ''}`);
  }

  const components = arr(at(report, 'spec', 'components')).filter(isRecord);
  if (components.length > 0) {
    const notReady = components.filter((c) => bool(c.ready) !== true);
    facts.push(`FluxReport components: ${components.length - notReady.length}/${components.length} ready${notReady.length ? ` (not ready: ${notReady.map((c) => str(c.name) ?? '?').join(', ')})` : ''}`);
    // When the controllers check can see the Deployments it reports them itself; otherwise the report is all we have.
    if (!read(state, 'controllerDeployments').ok) {
      for (const c of notReady) {
        const n = str(c.name) ?? '?';
        findings.push({
          severity: 'warning',
          resource: { kind: 'Deployment', namespace: ns, name: n },
          reason: 'ComponentNotReady',
          message: `FluxReport says ${n} is not ready: ${oneLine(str(c.status) ?? 'no status')}`,
          // The component name is FluxReport data: validated like any object name.
          ...step('ComponentNotReady', kubectl(parts.namespace(ns), 'describe', 'deployment', parts.name(n, 'component name'))),
        });
      }
    }
  }

  const stats: string[] = [];
  for (const rec of arr(at(report, 'spec', 'reconcilers'))) {
    const kind = str(at(rec, 'kind'));
    if (!kind) continue;
    const running = num(at(rec, 'stats', 'running')) ?? 0;
    const failing = num(at(rec, 'stats', 'failing')) ?? 0;
    const suspended = num(at(rec, 'stats', 'suspended')) ?? 0;
    if (running + failing + suspended === 0) continue;
    const extra = [failing ? `${failing} failing` : '', suspended ? `${suspended} suspended` : ''].filter(Boolean).join(', ');
    stats.push(`${kind} ${running}${extra ? ` (${extra})` : ''}`);
  }
  if (stats.length) facts.push(`FluxReport reconcilers (running): ${stats.join('; ')}`);
  const short = countMismatch(state, report);
  if (short) findings.push(short);

  const sync = at(report, 'spec', 'sync');
  if (!isRecord(sync)) {
    facts.push('FluxReport: no cluster sync configured');
    return findings;
  }
  const id = str(sync.id) ?? 'sync';
  const status = oneLine(str(sync.status) ?? '');
  const where = [str(sync.source), str(sync.path) ? `path ${str(sync.path)}` : undefined].filter(Boolean).join(' ');
  const what = `cluster sync ${id}${where ? ` (${where})` : ''}`;
  const graph = fluxGraph(state);
  const syncStatus = kubectl(parts.namespace(ns), 'get', parts.kind('FluxReport'), 'flux', '-o', 'jsonpath={.spec.sync}');
  if (/^Suspended\b/.test(status)) {
    // The sync Kustomization's own Suspended finding is the cause when it is listed.
    const ks = edgesOf(report, rr).find((e) => e.role === 'sync')?.to;
    const f: Finding = { severity: 'warning', resource: rr, reason: 'SyncSuspended', message: `${what} is suspended: ${status}`, ...step('SyncSuspended', ks ? describeCommand(ks) : syncStatus) };
    if (ks && graph.get(ks)) f.rootCause = ks;
    findings.push(f);
  } else if (bool(sync.ready) !== true) {
    // The report is computed every few minutes: walk the sync chain as it is now, and blame only an object
    // that actually fails (never a Ready one).
    const cause = graph.syncCause(report);
    if (cause && 'allReady' in cause) {
      findings.push({
        severity: 'info',
        resource: rr,
        reason: 'SyncNotReady',
        message: `the FluxReport says ${what} is not ready (${status || 'no status'}), but the sync Kustomization and its source are Ready now: the report predates the recovery and is refreshed periodically`,
        ...step('SyncNotReady', syncStatus),
      });
    } else {
      const failing = cause && 'failing' in cause ? cause.failing : undefined;
      const missing = cause && 'missing' in cause ? cause.missing : undefined;
      const why = missing ? `; its Kustomization ${shortName(missing)} does not exist` : cause ? '' : '; the sync objects were not listed, so the failing one cannot be named';
      const f: Finding = {
        severity: 'error',
        resource: rr,
        reason: 'SyncNotReady',
        message: `${what} is not ready: ${status || 'no status'}${why}`,
        ...step('SyncNotReady', failing ? describeCommand(failing) : missing ? list(missing.kind, missing.namespace) : syncStatus),
      };
      if (failing) f.rootCause = failing;
      findings.push(f);
    }
  } else {
    facts.push(`sync ${id}${where ? ` (${where})` : ''}: ${status}`);
  }
  return findings;
}

/**
 * The operator counts every object of each kind (running = all but suspended, failing = Ready=False). When
 * fewer objects or fewer failures were listed than it counts, the view is incomplete (RBAC filtering, a proxy,
 * a stale cache) or the report predates a change: say which kinds, never a silent healthy.
 */
export function countMismatch(state: ClusterState, report: KubeObject): Finding | undefined {
  const ns = namespace(report) ?? state.operatorNamespace;
  const gaps: string[] = [];
  for (const rec of arr(at(report, 'spec', 'reconcilers'))) {
    const kind = str(at(rec, 'kind'));
    if (!kind) continue;
    const spec = Object.values(INPUTS).find((i) => i.kind === kind && isFluxGroup(i.group));
    const input = spec ? state.inputs[spec.id] : undefined;
    // Kinds not listed in this run, or whose list failed or was narrowed, are reported elsewhere.
    if (!input?.ok || input.narrowedTo !== undefined) continue;
    const counted = (num(at(rec, 'stats', 'running')) ?? 0) + (num(at(rec, 'stats', 'suspended')) ?? 0);
    const countedFailing = num(at(rec, 'stats', 'failing')) ?? 0;
    const listed = input.items.length;
    const listedFailing = input.items.filter((o) => condition(o, 'Ready')?.status === 'False').length;
    if (listed < counted || listedFailing < countedFailing) {
      gaps.push(`${kind} ${counted} (${countedFailing} failing) counted, ${listed} (${listedFailing} failing) listed`);
    }
  }
  if (gaps.length === 0) return undefined;
  return {
    severity: 'warning',
    resource: ref(report, 'FluxReport'),
    reason: 'IncompleteView',
    message: `the operator counts more objects or failures than were listed: ${gaps.join('; ')}; some objects may be hidden from this user (RBAC, a proxy, a stale cache) or the report predates a change, so this report may look healthier than the cluster`,
    ...step('IncompleteView', kubectl(parts.namespace(ns), 'get', parts.kind('FluxReport'), parts.name(name(report) ?? 'flux', 'FluxReport name'), '-o', 'jsonpath={.spec.reconcilers}')),
  };
}

export function runInstance(state: ClusterState): CheckOutcome {
  const skip = operatorSkip(state);
  if (skip) return { findings: [], skipped: skip };
  const ns = state.operatorNamespace;
  const findings: Finding[] = [];
  const facts: string[] = [];

  const instances = read(state, 'fluxInstances');
  pushIf(findings, inputFailure(state, 'fluxInstances', { forbidden: 'warning', impact: 'the FluxInstance', notServed404: { note: INSTALL_OPERATOR } }));
  if (instances.ok) {
    const proper = instances.items.find((i) => name(i) === 'flux' && namespace(i) === ns);
    const others = instances.items.filter((i) => i !== proper).sort((a, b) => nsName(ref(a)).localeCompare(nsName(ref(b))));
    for (const o of others) {
      findings.push({
        severity: proper ? 'warning' : 'error',
        resource: ref(o, 'FluxInstance'),
        reason: 'FluxInstanceIgnored',
        message: `FluxInstance ${nsName(ref(o))} is ignored: the operator only reconciles a FluxInstance named flux in its own namespace ${ns}`,
        ...step('FluxInstanceIgnored', list('FluxInstance', undefined)),
      });
    }
    if (!proper && others.length === 0) {
      findings.push({
        severity: 'error',
        resource: { kind: 'FluxInstance', namespace: ns, name: 'flux' },
        reason: 'FluxInstanceNotFound',
        message: `no FluxInstance in ${ns}: the operator runs but installs no Flux controllers until a FluxInstance named flux exists`,
        // Creating it is a change: a note, not a command.
        ...step('FluxInstanceNotFound', undefined, 'create a FluxInstance named flux in the operator namespace, committed to Git (the Installation section of reference.md shows one)'),
      });
    }
    if (proper) {
      const verdict = judgeInstance(state, proper, ns);
      findings.push(...verdict.findings);
      facts.push(...verdict.facts);
      findings.push(...componentFindings(state, proper, verdict, facts));
    }
  }

  const reports = read(state, 'fluxReports');
  pushIf(findings, inputFailure(state, 'fluxReports', { forbidden: 'warning', notServed: 'warning', impact: 'the FluxReport (distribution, sync and stats)' }));
  if (reports.ok) {
    const report = reports.items.length ? fluxReport(reports.items, ns) : undefined;
    if (report) findings.push(...reportFindings(state, report, facts));
    else {
      findings.push({
        severity: 'warning',
        resource: { kind: 'FluxReport', namespace: ns, name: 'flux' },
        reason: 'FluxReportNotFound',
        message: `no FluxReport flux in ${ns}: the operator may be older, or has not computed the report yet (it refreshes every 5 minutes)`,
        ...step('FluxReportNotFound', kubectl(parts.namespace(ns), 'get', parts.kind('FluxReport'), 'flux')),
      });
    }
  }
  return { findings, facts: [...facts].sort((a, b) => factRank(a) - factRank(b)) };
}

/** The instance's state, the installed version and the sync first: reports may show only the first facts. */
function factRank(fact: string): number {
  if (fact.startsWith('FluxInstance ')) return 0;
  if (fact.startsWith('Flux distribution')) return 1;
  if (/^sync [^:]/.test(fact)) return 2;
  return 3;
}

/** The Flux kinds' inputs: the sync chain is walked over them and the FluxReport's counts compared with them. */
const COUNTED_INPUTS: readonly InputId[] = Object.values(INPUTS)
  .filter((i) => isFluxGroup(i.group) && i.kind !== 'FluxInstance' && i.kind !== 'FluxReport')
  .map((i) => i.id);

export const instanceCheck: Check = {
  id: 'instance',
  title: 'FluxInstance and FluxReport',
  needs: ['operatorDeployments', 'fluxInstances', 'fluxReports', 'controllerDeployments', ...COUNTED_INPUTS],
  reasons: [...INSTANCE_REASONS, ...REPORT_REASONS, ...INPUT_REASONS],
  run: runInstance,
};
