import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Schema, validate } from './helpers/json-schema.js';
import type { Report } from '../skill-src/model.js';
import { sharedCauses } from '../skill-src/report/shared-causes.js';
import { renderFleet } from '../skill-src/render/fleet.js';
import { check, finding, report, res } from './helpers/report.js';

const repo = res('GitRepository', 'flux-system', 'flux-system');

function cluster(context: string, ...failures: { ref: ReturnType<typeof res>; reason: string; severity?: 'error' | 'warning' }[]): Report {
  const r = report([check('sources', failures.map((f) => finding(f.severity ?? 'error', f.ref, f.reason, { message: `${f.reason} on ${context}` })))]);
  return { ...r, cluster: { ...r.cluster, context } };
}

const auth = { ref: repo, reason: 'AuthenticationFailed' };

describe('one root cause across many clusters', () => {
  it('groups the same kind, namespace, name and reason, most clusters first, only when two or more share it', () => {
    const reports = [
      cluster('prod-eu-1', auth),
      cluster('prod-eu-2', auth, { ref: res('Kustomization', 'apps', 'flux-system'), reason: 'BuildFailed' }),
      cluster('prod-us-1', auth, { ref: res('Kustomization', 'apps', 'flux-system'), reason: 'BuildFailed' }),
      cluster('staging', { ref: repo, reason: 'GitOperationFailed' }),
      cluster('dev'),
    ];
    const shared = sharedCauses(reports);
    expect(shared.map((s) => [s.resource.kind, s.reason, s.clusters, s.of])).toEqual([
      ['GitRepository', 'AuthenticationFailed', ['prod-eu-1', 'prod-eu-2', 'prod-us-1'], 5],
      ['Kustomization', 'BuildFailed', ['prod-eu-2', 'prod-us-1'], 5],
    ]);
  });

  it('takes the worst severity across clusters and ignores a cause seen on one cluster only', () => {
    const reports = [cluster('a', { ...auth, severity: 'warning' }), cluster('b', auth), cluster('c', { ref: res('Kustomization', 'x', 'ns'), reason: 'BuildFailed' })];
    expect(sharedCauses(reports).map((s) => [s.reason, s.severity])).toEqual([['AuthenticationFailed', 'error']]);
  });

  it('markdown lists it once at the top, in full under its first cluster only, with each cluster keeping its command', () => {
    const reports = Array.from({ length: 7 }, (_, i) => cluster(`prod-${i + 1}`, auth));
    const md = renderFleet(reports, 'markdown', false);
    expect(md).toContain('## Shared root causes (1)');
    expect(md).toContain('- ✗ `GitRepository/flux-system/flux-system` `AuthenticationFailed` on 7 of 7 clusters: `prod-1`, `prod-2`, `prod-3`, `prod-4`, `prod-5` and 2 more');
    expect(md.split('AuthenticationFailed on prod-1')).toHaveLength(2);
    expect(md).not.toContain('AuthenticationFailed on prod-2');
    expect(md.match(/the same root cause as on other clusters/g)).toHaveLength(6);
    expect(md.match(/- Next: `kubectl describe gitrepository flux-system`/g)).toHaveLength(7);
  });

  it('text and JSON carry the same list', () => {
    const reports = [cluster('a', auth), cluster('b', auth)];
    expect(renderFleet(reports, 'text', false)).toContain('Shared root causes (1):\n  ✗ GitRepository/flux-system/flux-system AuthenticationFailed on 2 of 2 clusters: a, b');
    const json = JSON.parse(renderFleet(reports, 'json', false)) as { sharedRootCauses: unknown[] };
    expect(json.sharedRootCauses).toEqual([{ resource: { kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' }, reason: 'AuthenticationFailed', severity: 'error', clusters: ['a', 'b'], of: 2 }]);
  });

  it('says nothing about sharing when no cause is shared', () => {
    const md = renderFleet([cluster('a', auth), cluster('b')], 'markdown', false);
    expect(md).not.toContain('Shared root causes');
    expect(md).not.toContain('the same root cause');
  });
});

describe('fleet JSON against the schema', () => {
  it('validates with sharedRootCauses', () => {
    const schema = JSON.parse(fs.readFileSync(new URL('../skill-src/report/report.schema.json', import.meta.url), 'utf8')) as Schema;
    const json = JSON.parse(renderFleet([cluster('a', auth), cluster('b', auth)], 'json', false)) as unknown;
    expect(validate(schema, json)).toEqual([]);
  });
});

describe('a fleet sharing many causes', () => {
  it('lists the ten most shared in text and markdown, counts the rest, and shortens only the listed ones', () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ ref: res('Kustomization', `k${i}`, 'apps'), reason: 'BuildFailed' }));
    const reports = [cluster('a', ...many), cluster('b', ...many)];
    const md = renderFleet(reports, 'markdown', false);
    expect(md).toContain('## Shared root causes (14)');
    expect(md.match(/^- [✗⚠] `Kustomization/gm)).toHaveLength(10);
    expect(md).toContain('- +4 more shared root causes (--output json lists them all)');
    expect(renderFleet(reports, 'text', false)).toContain('  +4 more shared root causes (--output json lists them all)');
    expect((JSON.parse(renderFleet(reports, 'json', false)) as { sharedRootCauses: unknown[] }).sharedRootCauses).toHaveLength(14);
  });
});
