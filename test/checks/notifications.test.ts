import { describe, expect, it } from 'vitest';
import { notificationsCheck } from '../../skill-src/checks/families/notifications.js';
import { fluxObject, ok, state } from '../helpers/state.js';

const run = (inputs: Parameters<typeof state>[0]) => notificationsCheck.run(state(inputs));
const NOTIF = 'notification.toolkit.fluxcd.io';

describe('notifications check', () => {
  it('reports a Receiver that cannot find its token as an error, naming the Secret without any command that reads it', () => {
    const r = fluxObject('Receiver', 'github', {
      apiVersion: `${NOTIF}/v1`,
      spec: { type: 'github', secretRef: { name: 'webhook-token' }, resources: [] },
      conditions: [{ type: 'Ready', status: 'False', reason: 'TokenNotFound', message: "unable to read token from secret 'flux-system/webhook-token' error: Secret \"webhook-token\" not found" }],
    });
    const out = run({ receivers: ok([r]), alerts: ok([]), providers: ok([]) });
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({ severity: 'error', reason: 'TokenNotFound' });
    expect(out.findings[0]?.next.argv).toEqual(['kubectl', '-n', 'flux-system', 'describe', 'receivers.notification.toolkit.fluxcd.io', 'github']);
    expect(out.findings[0]?.next.note).toContain('Secret webhook-token exists');
    expect(out.findings[0]?.next.docs).toBe('reference.md#tokennotfound');
  });

  it('judges v1beta2 Alerts and Providers by their conditions and v1beta3 ones as having none by design', () => {
    const staticAlert = { apiVersion: `${NOTIF}/v1beta3`, kind: 'Alert', metadata: { name: 'slack', namespace: 'flux-system', generation: 1 }, spec: { providerRef: { name: 'slack' } } };
    const failing = fluxObject('Provider', 'slack', { apiVersion: `${NOTIF}/v1beta2`, conditions: [{ type: 'Ready', status: 'False', reason: 'ValidationFailed', message: 'invalid address' }] });
    const unreconciled = { apiVersion: `${NOTIF}/v1beta2`, kind: 'Alert', metadata: { name: 'old', namespace: 'flux-system', generation: 1 }, spec: {} };
    const out = run({ receivers: ok([]), alerts: ok([staticAlert, unreconciled]), providers: ok([failing]) });
    expect(out.findings.map((f) => [f.resource.kind, f.resource.name, f.reason])).toEqual([
      ['Alert', 'old', 'NotReconciled'],
      ['Provider', 'slack', 'ValidationFailed'],
    ]);
    expect(out.facts).toContain('Alert: 2 running, 0 failing, 0 suspended');
  });

  it('names a failing Provider as the root cause of the v1beta2 Alert that uses it, and leaves a missing one to practices', () => {
    const provider = fluxObject('Provider', 'slack', { apiVersion: `${NOTIF}/v1beta2`, spec: { type: 'slack' }, conditions: [{ type: 'Ready', status: 'False', reason: 'ValidationFailed', message: 'failed to read secret' }] });
    const uses = fluxObject('Alert', 'on-call', { apiVersion: `${NOTIF}/v1beta2`, spec: { providerRef: { name: 'slack' } }, conditions: [{ type: 'Ready', status: 'False', reason: 'Failed', message: 'provider flux-system/slack is not ready' }] });
    const orphan = fluxObject('Alert', 'orphan', { apiVersion: `${NOTIF}/v1beta2`, spec: { providerRef: { name: 'gone' } }, conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'ok' }] });
    const out = run({ receivers: ok([]), alerts: ok([uses, orphan]), providers: ok([provider]) });
    const alert = out.findings.find((f) => f.resource.name === 'on-call');
    expect(alert?.rootCause).toEqual({ kind: 'Provider', name: 'slack', namespace: 'flux-system' });
    expect(alert?.next.argv).toEqual(['kubectl', '-n', 'flux-system', 'describe', 'providers.notification.toolkit.fluxcd.io', 'slack']);
    expect(out.findings.map((f) => f.reason).sort()).toEqual(['Failed', 'ValidationFailed']);
  });
});
