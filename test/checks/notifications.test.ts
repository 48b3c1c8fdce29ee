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
});
