import { describe, expect, it } from 'vitest';
import { allowanceSeconds, progressAge } from '../../skill-src/checks/flux/progress-age.js';
import { formatSeconds } from '../../skill-src/text/duration.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import { minutesAgo, state } from '../helpers/state.js';

function inProgress(minutes: number | undefined, spec: Record<string, unknown> = {}): KubeObject {
  const since = minutes === undefined ? {} : { lastTransitionTime: minutesAgo(minutes) };
  return { apiVersion: 'v1', kind: 'HelmRelease', metadata: { name: 'x', namespace: 'y' }, spec, status: { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'Progressing', ...since }] } };
}

describe('progress age', () => {
  it('formats spans compactly', () => {
    expect([formatSeconds(9), formatSeconds(69), formatSeconds(3600), formatSeconds(8100), formatSeconds(277200)]).toEqual(['9s', '1m9s', '1h0m', '2h15m', '3d5h']);
  });

  it('allows spec.timeout, else spec.interval, and never less than 5 minutes', () => {
    expect(allowanceSeconds(inProgress(1, { timeout: '15m', interval: '1h' }))).toBe(900);
    expect(allowanceSeconds(inProgress(1, { interval: '30m' }))).toBe(1800);
    expect(allowanceSeconds(inProgress(1, { timeout: '30s' }))).toBe(300);
    expect(allowanceSeconds(inProgress(1, { timeout: 'soon' }))).toBe(300);
  });

  it('is info within the allowance, a warning past it, an error past three allowances and an hour', () => {
    const s = state();
    expect(progressAge(s, inProgress(4)).severity).toBe('info');
    expect(progressAge(s, inProgress(6)).severity).toBe('warning');
    expect(progressAge(s, inProgress(59)).severity).toBe('warning');
    expect(progressAge(s, inProgress(60)).severity).toBe('error');
    // A 30m timeout is stuck only after 90 minutes.
    expect(progressAge(s, inProgress(80, { timeout: '30m' })).severity).toBe('warning');
    expect(progressAge(s, inProgress(90, { timeout: '30m' })).severity).toBe('error');
  });

  it('falls back to the Reconciling condition, and warns when the start or the clock is unknown', () => {
    const reconciling: KubeObject = { kind: 'X', metadata: { name: 'x' }, status: { conditions: [{ type: 'Reconciling', status: 'True', lastTransitionTime: minutesAgo(2) }] } };
    expect(progressAge(state(), reconciling).severity).toBe('info');
    expect(progressAge(state(), inProgress(undefined))).toEqual({ severity: 'warning', note: 'for an unknown time' });
    expect(progressAge(state({}, { now: 'not a date' }), inProgress(2)).severity).toBe('warning');
  });

  it('never reports a negative age when the object is ahead of the clock', () => {
    expect(progressAge(state(), inProgress(-10)).note).toContain('for 0s');
  });
});
