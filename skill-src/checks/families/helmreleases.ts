// HelmReleases: Ready / Stalled (RetriesExceeded) with the Helm action's reason, Released / Remediated /
// TestSuccess, failure counters, drift detection mode and DriftDetected events, dependsOn chains and
// chart sources walked to the root cause.
import type { ClusterState } from '../../cluster/state.js';
import { at, condition, num, str } from '../../kube/fields.js';
import type { Finding } from '../../model.js';
import type { Check } from '../check.js';
import { fluxGraph, type FluxNode } from '../../graph/graph.js';
import { ago, recentWarningEvents, type WarningEvent } from '../flux/events.js';
import { foldFindings, GRAPH_REASONS, HEALTH_REASONS, healthFinding } from '../flux/findings.js';
import { fluxAbsentSkip, INPUT_REASON_LIST, inputFindings } from '../flux/inputs.js';
import { anchorFor, describeCommand, oneLine, shortName, type FluxHealth } from '../flux/status.js';
import { countKinds } from '../flux/counts.js';
import { eventsFor, kubectl, parts, step, type Command } from '../../report/next-step.js';
import { refKey } from '../../kube/fields.js';

/** Reasons helm-controller sets on Ready / Stalled / TestSuccess. */
const HELM_REASONS = [
  'InstallFailed',
  'UpgradeFailed',
  'TestFailed',
  'RollbackFailed',
  'UninstallFailed',
  'RetriesExceeded',
  'ArtifactFailed',
  'HelmChartNotReady',
  'InitFailed',
  'GetLastReleaseFailed',
  'DriftDetected',
  GRAPH_REASONS.dependencyNotReady,
];

export const PAST_FAILURES = 'PastFailures';

const REASONS: readonly string[] = [
  ...HELM_REASONS,
  PAST_FAILURES,
  GRAPH_REASONS.cycle,
  GRAPH_REASONS.dependencyNotFound,
  GRAPH_REASONS.sourceNotFound,
  ...HEALTH_REASONS,
  ...INPUT_REASON_LIST,
];

/** Failures whose detail lives in the Helm release history. */
const HELM_ACTION_REASONS = new Set(['InstallFailed', 'UpgradeFailed', 'TestFailed', 'RollbackFailed', 'UninstallFailed', 'RetriesExceeded']);

export type DriftMode = 'enabled' | 'warn' | 'disabled';

export function driftMode(node: FluxNode): DriftMode {
  const m = str(at(node.obj, 'spec', 'driftDetection', 'mode'));
  return m === 'enabled' || m === 'warn' ? m : 'disabled';
}

/**
 * The release history as helm-controller records it on the HelmRelease (`status.history`: versions, chart,
 * status, test hooks). Never Helm's own storage: `helm history/get/status` read the release Secrets.
 */
export function helmHistoryCommand(node: FluxNode): Command {
  const { ref } = node;
  return kubectl(parts.namespace(ref.namespace), 'get', parts.kind('HelmRelease'), parts.name(ref.name), '-o', 'jsonpath={.status.history}');
}

function counter(node: FluxNode, field: string): number {
  const v = at(node.obj, 'status', field);
  const n = num(v) ?? (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
  return n !== undefined && n > 0 ? n : 0;
}

/** `3 failures (install 1, upgrade 2)`, or '' when no failure is recorded. */
export function failureCounters(node: FluxNode): string {
  const total = counter(node, 'failures');
  const install = counter(node, 'installFailures');
  const upgrade = counter(node, 'upgradeFailures');
  if (total + install + upgrade === 0) return '';
  const parts = [install ? `install ${install}` : '', upgrade ? `upgrade ${upgrade}` : ''].filter(Boolean);
  const n = Math.max(total, install + upgrade);
  return `${n} failure${n === 1 ? '' : 's'} recorded${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function details(node: FluxNode, h: FluxHealth): string[] {
  const out: string[] = [];
  const released = condition(node.obj, 'Released');
  if (released?.status === 'False' && released.reason !== h.readyReason) out.push(`Released=False ${released.reason}`);
  const remediated = condition(node.obj, 'Remediated');
  if (remediated?.status === 'True') out.push(`remediated: ${remediated.reason || 'yes'}`);
  const test = condition(node.obj, 'TestSuccess');
  if (test?.status === 'False' && test.reason !== h.readyReason && test.reason !== h.reason) out.push(`TestSuccess=False ${test.reason}`);
  const counters = failureCounters(node);
  if (counters && h.state !== 'suspended') out.push(counters);
  return out;
}

function command(node: FluxNode, h: FluxHealth): Command {
  return HELM_ACTION_REASONS.has(h.reason) || HELM_ACTION_REASONS.has(h.readyReason) ? helmHistoryCommand(node) : describeCommand(node.ref);
}

/** Tests failed while the release is Ready (test failures ignored): a warning. */
function testFinding(node: FluxNode): Finding | undefined {
  const test = condition(node.obj, 'TestSuccess');
  if (!node.health.ready || node.health.state === 'suspended' || test?.status !== 'False') return undefined;
  const reason = test.reason || 'TestFailed';
  return {
    severity: 'warning',
    resource: node.ref,
    reason,
    message: `Ready, but the Helm tests failed: ${oneLine(test.message) || reason}`,
    ...step(anchorFor(reason, REASONS), helmHistoryCommand(node)),
  };
}

function driftFindings(state: ClusterState, graph: ReturnType<typeof fluxGraph>): Finding[] {
  const byObject = new Map<string, WarningEvent[]>();
  for (const ev of recentWarningEvents(state)) {
    if (ev.involved.kind !== 'HelmRelease' || ev.reason !== 'DriftDetected') continue;
    const key = refKey(ev.involved);
    const list = byObject.get(key);
    if (list) list.push(ev);
    else byObject.set(key, [ev]);
  }
  const out: Finding[] = [];
  for (const evs of byObject.values()) {
    evs.sort((a, b) => b.time - a.time);
    const latest = evs[0];
    if (!latest) continue;
    const node = graph.get(latest.involved);
    const mode = node ? driftMode(node) : undefined;
    const n = evs.reduce((s, e) => s + e.count, 0);
    const modeText = mode ? `drift detection ${mode}` : 'drift detected';
    const action = mode === 'enabled' ? 'corrected by helm-controller' : mode === 'warn' ? 'reported, not corrected' : '';
    out.push({
      severity: 'warning',
      resource: latest.involved,
      reason: 'DriftDetected',
      message: oneLine(`${modeText}${action ? ` (${action})` : ''}: ${n} event${n === 1 ? '' : 's'}, latest ${ago(state, latest.time)}: ${latest.message}`),
      ...step('DriftDetected', eventsFor({ kind: 'HelmRelease', name: latest.involved.name, ...(latest.involved.namespace !== undefined ? { namespace: latest.involved.namespace } : {}) })),
    });
  }
  return out.sort((a, b) => refKey(a.resource).localeCompare(refKey(b.resource)));
}

function facts(state: ClusterState, nodes: readonly FluxNode[]): string[] {
  const out: string[] = [];
  const c = countKinds(state).find((k) => k.kind === 'HelmRelease');
  if (c) out.push(`HelmRelease: ${c.running} running, ${c.failing} failing, ${c.suspended} suspended`);
  if (nodes.length > 0) {
    const modes: Record<DriftMode, number> = { enabled: 0, warn: 0, disabled: 0 };
    for (const n of nodes) modes[driftMode(n)]++;
    out.push(`drift detection: ${modes.enabled} enabled, ${modes.warn} warn, ${modes.disabled} disabled`);
  }
  if (nodes.length <= 3) {
    for (const n of nodes) {
      const chart = str(at(n.obj, 'status', 'history', 0, 'chartName'));
      const version = str(at(n.obj, 'status', 'history', 0, 'chartVersion')) || str(at(n.obj, 'status', 'lastAttemptedRevision'));
      if (chart && version) out.push(`HelmRelease ${shortName(n.ref)} runs ${chart}@${version}`);
    }
  }
  return out;
}

export const helmreleasesCheck: Check = {
  id: 'helmreleases',
  title: 'HelmReleases',
  needs: ['helmReleases', 'helmCharts', 'helmRepositories', 'ociRepositories', 'gitRepositories', 'buckets', 'warningEvents'],
  reasons: REASONS,
  run(state) {
    const skipped = fluxAbsentSkip(state, ['helmReleases']);
    if (skipped) return { findings: [], skipped };
    const graph = fluxGraph(state);
    const findings: Finding[] = inputFindings(state, ['helmReleases']);
    const nodes = graph.nodesOf('HelmRelease');
    const past: Finding[] = [];
    for (const node of nodes) {
      const f = healthFinding(state, graph, node, { known: REASONS, command, details: details(node, node.health) });
      if (f) {
        findings.push(f);
        continue;
      }
      const t = testFinding(node);
      if (t) {
        findings.push(t);
        continue;
      }
      const counters = node.health.ready && node.health.state !== 'suspended' ? failureCounters(node) : '';
      if (counters) {
        past.push({
          severity: 'info',
          resource: node.ref,
          reason: PAST_FAILURES,
          message: `Ready now; ${counters} before the current release`,
          ...step(PAST_FAILURES, helmHistoryCommand(node)),
        });
      }
    }
    findings.push(...foldFindings(past, (n) => `${n} HelmReleases are Ready now after recorded failures`));
    findings.push(...driftFindings(state, graph));
    return { findings, facts: facts(state, nodes) };
  },
};
