// GitOps practices: warnings and info only, never errors. A GitRepository without a Receiver waits a
// full interval for every change; short intervals without a Receiver poll the Git server hard; without
// an Alert nobody hears about failures. Few, high-signal findings, folded on large clusters.
import type { ClusterState } from '../../cluster/state.js';
import type { KubeObject } from '../../kube/types.js';
import { arr, at, durationSeconds, isRecord, labels, name as nameOf, namespace as namespaceOf, str, stringMap } from '../../kube/fields.js';
import type { Finding, ResourceRef } from '../../model.js';
import type { Check } from '../check.js';
import { foldFindings } from '../flux/findings.js';
import { fluxAbsentSkip, INPUT_REASON_LIST, inputFindings, items, sees } from '../flux/inputs.js';
import { kubectl, list, step } from '../../report/next-step.js';

export const PRACTICE_REASONS = {
  noReceiver: 'NoReceiver',
  shortInterval: 'ShortIntervalNoReceiver',
  noAlert: 'NoAlert',
  providerNotFound: 'ProviderNotFound',
} as const;

/** Below this interval a source without a Receiver is polling more than it needs to. */
export const SHORT_INTERVAL_SECONDS = 600;

// Receiver, Alert and Provider health is the notifications check's; their unreadable lists are reported here
// too, because they are why this check's own guidance about Receivers and Alerts is missing.
const REASONS: readonly string[] = [...Object.values(PRACTICE_REASONS), ...INPUT_REASON_LIST];

interface ReceiverTargets {
  exact: Set<string>;
  /** kind/namespace -> label selectors of `name: '*'` entries ({} matches every object). */
  wildcard: Map<string, Record<string, string>[]>;
}

function targets(receivers: readonly KubeObject[]): ReceiverTargets {
  const t: ReceiverTargets = { exact: new Set(), wildcard: new Map() };
  for (const r of receivers) {
    if (at(r, 'spec', 'suspend') === true) continue;
    const ownNs = namespaceOf(r) ?? '';
    for (const res of arr(at(r, 'spec', 'resources'))) {
      if (!isRecord(res)) continue;
      const kind = str(res.kind);
      const name = str(res.name);
      if (!kind || !name) continue;
      const ns = str(res.namespace) || ownNs;
      if (name === '*') {
        const key = `${kind}/${ns}`;
        const list = t.wildcard.get(key) ?? [];
        list.push(stringMap(res.matchLabels));
        t.wildcard.set(key, list);
      } else {
        t.exact.add(`${kind}/${ns}/${name}`);
      }
    }
  }
  return t;
}

function covered(t: ReceiverTargets, kind: string, obj: KubeObject): boolean {
  const ns = namespaceOf(obj) ?? '';
  if (t.exact.has(`${kind}/${ns}/${nameOf(obj)}`)) return true;
  const selectors = t.wildcard.get(`${kind}/${ns}`);
  if (!selectors) return false;
  const own = labels(obj);
  return selectors.some((sel) => Object.entries(sel).every(([k, v]) => own[k] === v));
}

/** Receivers are only known when their list succeeded (or their CRD is absent: then there are none). */
function receiversKnown(state: ClusterState): boolean {
  const r = state.inputs.receivers;
  if (!r) return false;
  if (!r.ok) return r.error.code === 'not-served';
  return r.narrowedTo === undefined;
}

function refOf(kind: string, obj: KubeObject): ResourceRef {
  const r: ResourceRef = { kind, name: nameOf(obj) };
  const ns = namespaceOf(obj);
  if (ns !== undefined) r.namespace = ns;
  return r;
}

function receiverPractices(state: ClusterState): Finding[] {
  if (!receiversKnown(state)) return [];
  const t = targets(items(state, 'receivers'));
  const noReceiver: Finding[] = [];
  const short: Finding[] = [];
  const sources: [string, KubeObject[]][] = [
    ['GitRepository', items(state, 'gitRepositories')],
    ['OCIRepository', items(state, 'ociRepositories')],
  ];
  for (const [kind, objs] of sources) {
    for (const obj of objs) {
      if (at(obj, 'spec', 'suspend') === true || covered(t, kind, obj)) continue;
      const ref = refOf(kind, obj);
      const interval = durationSeconds(at(obj, 'spec', 'interval'));
      if (interval !== undefined && interval < SHORT_INTERVAL_SECONDS) {
        short.push({
          // A recommendation, not a fault: polling works, only slower and costlier than a webhook.
          severity: 'info',
          resource: ref,
          reason: PRACTICE_REASONS.shortInterval,
          message: `polls every ${str(at(obj, 'spec', 'interval'))} with no Receiver: a webhook Receiver reconciles on push, so the interval can be 10m or more`,
          ...step(PRACTICE_REASONS.shortInterval, list('Receiver', undefined)),
        });
      } else if (kind === 'GitRepository') {
        noReceiver.push({
          severity: 'info',
          resource: ref,
          reason: PRACTICE_REASONS.noReceiver,
          message: 'no Receiver triggers this GitRepository: changes wait for the next interval',
          ...step(PRACTICE_REASONS.noReceiver, list('Receiver', undefined)),
        });
      }
    }
  }
  return [
    ...foldFindings(short, (n) => `${n} sources poll more often than every 10m with no Receiver`),
    ...foldFindings(noReceiver, (n) => `${n} GitRepositories have no Receiver`),
  ];
}

function alertPractices(state: ClusterState): Finding[] {
  const alertsInput = state.inputs.alerts;
  if (!alertsInput) return [];
  const notInstalled = !alertsInput.ok && alertsInput.error.code === 'not-served';
  if (!alertsInput.ok && !notInstalled) return [];
  const alerts = items(state, 'alerts').filter((a) => at(a, 'spec', 'suspend') !== true);
  const out: Finding[] = [];
  if (alerts.length === 0 && (notInstalled || alertsInput.ok) && (!alertsInput.ok || alertsInput.narrowedTo === undefined)) {
    out.push({
      severity: 'info',
      resource: { kind: 'Alert', name: '*' },
      reason: PRACTICE_REASONS.noAlert,
      message: notInstalled
        ? 'the Alert CRD is not installed: reconciliation failures are not sent anywhere'
        : 'no Alert is configured: reconciliation failures are not sent anywhere',
      ...step(PRACTICE_REASONS.noAlert, kubectl(undefined, 'get', 'alerts.notification.toolkit.fluxcd.io,providers.notification.toolkit.fluxcd.io', '-A')),
    });
  }
  // Alerts have no status, so a providerRef to a missing Provider shows nowhere else.
  const providers = new Set(items(state, 'providers').map((p) => `${namespaceOf(p) ?? ''}/${nameOf(p)}`));
  const missing: Finding[] = [];
  for (const a of alerts) {
    const provider = str(at(a, 'spec', 'providerRef', 'name'));
    const ns = namespaceOf(a) ?? '';
    if (!provider || providers.has(`${ns}/${provider}`) || !sees(state, 'providers', ns)) continue;
    missing.push({
      severity: 'warning',
      resource: refOf('Alert', a),
      reason: PRACTICE_REASONS.providerNotFound,
      message: `providerRef names Provider ${ns}/${provider}, which does not exist: this Alert sends nothing`,
      ...step(PRACTICE_REASONS.providerNotFound, list('Provider', ns)),
    });
  }
  out.push(...foldFindings(missing, (n) => `${n} Alerts reference a Provider that does not exist`));
  return out;
}

export const practicesCheck: Check = {
  id: 'practices',
  title: 'GitOps practices',
  needs: ['gitRepositories', 'ociRepositories', 'receivers', 'alerts', 'providers'],
  reasons: REASONS,
  run(state) {
    const skipped = fluxAbsentSkip(state, ['gitRepositories', 'ociRepositories', 'receivers', 'alerts', 'providers']);
    if (skipped) return { findings: [], skipped };
    const findings: Finding[] = inputFindings(state, ['receivers', 'alerts', 'providers']);
    // Practices never fail the run: input failures here are at most warnings.
    for (const f of findings) if (f.severity === 'error') f.severity = 'warning';
    findings.push(...receiverPractices(state), ...alertPractices(state));
    const receivers = items(state, 'receivers').length;
    const alerts = items(state, 'alerts').length;
    return { findings, facts: [`${receivers} Receiver${receivers === 1 ? '' : 's'}, ${alerts} Alert${alerts === 1 ? '' : 's'}`] };
  },
};
