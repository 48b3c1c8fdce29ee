import { describe, expect, it } from 'vitest';
import type { Report } from '../skill-src/model.js';
import { buildReport } from '../skill-src/report/build.js';
import { fleetVerdict, renderFleet } from '../skill-src/render/fleet.js';
import { check, finding, res } from './helpers/report.js';
import { state } from './helpers/state.js';

function cluster(context: string, findings: Parameters<typeof check>[1]): Report {
  return buildReport(state({}, { connection: { context, server: `https://${context}:6443` } }), [check('sources', findings)]);
}

const prod = cluster('prod', [finding('error', res('GitRepository', 'repo', 'flux-system'), 'AuthenticationFailed'), finding('warning', res('Bucket', 'b', 'x'), 'Suspended')]);
const staging = cluster('staging', [finding('warning', res('Bucket', 'b', 'x'), 'Suspended')]);
const dev = cluster('dev', []);

describe('fleet output', () => {
  it('takes the worst verdict of its clusters', () => {
    expect(fleetVerdict([dev, staging, prod])).toBe('failed');
    expect(fleetVerdict([dev, staging])).toBe('degraded');
    expect(fleetVerdict([dev])).toBe('healthy');
  });

  it('text: a fleet summary first, one line per cluster, then one section per cluster with findings, MCP advice once', () => {
    const out = renderFleet([prod, staging, dev], 'text', false);
    const lines = out.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '✗ FLEET FAILED: 3 clusters: 1 failed, 1 degraded, 1 healthy',
      '  ✗ prod     failed, 1 error, 1 warning',
      '  ⚠ staging  degraded, 0 errors, 1 warning',
      '  ✔ dev      healthy, 0 errors, 0 warnings',
    ]);
    const sections = ['=== prod ', '=== staging '].map((s) => out.indexOf(s));
    expect(sections.every((i) => i > 0)).toBe(true);
    expect([...sections].sort((a, b) => a - b)).toEqual(sections);
    // The healthy cluster is its summary line.
    expect(out).not.toContain('=== dev ');
    expect(out).toContain('\nThe healthy cluster has no section: nothing to report (--output json has their counts and facts).\n');
    expect(out.indexOf('✗ FAILED: 1 error, 1 warning, 0 infos (context prod')).toBeGreaterThan(sections[0] ?? 0);
    expect(out.split('mcp-config --client vscode').length - 1).toBe(1);
    expect(out.slice(out.lastIndexOf('Recommended next step'))).toContain('(prod: 1 source sync failure)');
  });

  it('markdown: summary bullets, one section per cluster with findings, demoted headings, MCP advice once', () => {
    const out = renderFleet([prod, dev], 'markdown', false);
    const lines = out.split('\n');
    expect(lines[0]).toBe('# Flux fleet status: ✗ failed (2 clusters: 1 failed, 0 degraded, 1 healthy)');
    expect(out).toContain('\n- ✗ `prod`: failed, 1 error, 1 warning\n- ✔ `dev`: healthy, 0 errors, 0 warnings\n');
    expect(out).toContain('\n## Cluster `prod`: Flux status: ✗ failed (1 error, 1 warning, 0 infos)\n');
    expect(out).not.toContain('## Cluster `dev`');
    expect(out).toContain('\n### Root causes (2)\n');
    expect(lines.filter((l) => l.startsWith('# '))).toHaveLength(1);
    expect(out.split('mcp-config --client vscode').length - 1).toBe(1);
    expect(out.split('data read from the cluster').length - 1).toBe(1);
  });

  it('markdown: clusters share the size budget, down to a floor that still shows root causes', () => {
    const big = (context: string): Report =>
      cluster(
        context,
        Array.from({ length: 300 }, (_, i) => finding('error', res('Kustomization', `k${i}`, `x-${i}`), `Reason${i}`, { message: 'm'.repeat(250) })),
      );
    const two = renderFleet([big('big'), big('other')], 'markdown', false);
    const bigSection = two.slice(two.indexOf('## Cluster `big`'), two.indexOf('## Cluster `other`'));
    expect(Buffer.byteLength(bigSection)).toBeLessThan(6000);
    expect(bigSection).toContain('### Root causes (300)');
    expect(bigSection).toMatch(/\n1\. ✗ error `Kustomization\/x-0\/k0`/);

    const names = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const ten = renderFleet(names.map(big), 'markdown', false);
    expect(Buffer.byteLength(ten)).toBeLessThan(10 * 4000 + 2000);
    for (const n of names) {
      const start = ten.indexOf(`## Cluster \`${n}\``);
      const section = ten.slice(start, ten.indexOf('\n## ', start + 1));
      expect(section).toMatch(/\n1\. ✗ error /);
      expect(section).toMatch(/\n\d+ more root causes not shown; run with --output json for all\./);
    }
  });

  it('markdown: fifty healthy clusters and one failing one cost a line each, and one section', () => {
    const fleet = [...Array.from({ length: 50 }, (_, i) => cluster(`healthy-${i}`, [])), prod];
    const out = renderFleet(fleet, 'markdown', false);
    expect(out.split('\n## Cluster ').length - 1).toBe(1);
    expect(out).toContain('\nThe 50 healthy clusters have no section: nothing to report (--output json has their counts and facts).\n');
    expect(Buffer.byteLength(out)).toBeLessThan(50 * 80 + 6000);
    const json = JSON.parse(renderFleet(fleet, 'json', false)) as { clusters: unknown[] };
    expect(json.clusters).toHaveLength(51);
  });

  it('json: { schemaVersion, fleet, sharedRootCauses, clusters } with one full report per cluster', () => {
    const doc = JSON.parse(renderFleet([prod, dev], 'json', false)) as { schemaVersion: number; fleet: unknown[]; clusters: { cluster: { context: string }; checks: unknown[] }[] };
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'fleet', 'sharedRootCauses', 'clusters']);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.fleet).toEqual([
      { context: 'prod', verdict: 'failed', errors: 1, warnings: 1 },
      { context: 'dev', verdict: 'healthy', errors: 0, warnings: 0 },
    ]);
    expect(doc.clusters.map((c) => c.cluster.context)).toEqual(['prod', 'dev']);
    expect(doc.clusters[0]?.checks).toHaveLength(1);
  });
});
