// The JSON output against skill-src/report/report.schema.json, and the validator against bad documents
// (so a passing validation means something).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Report } from '../skill-src/model.js';
import { buildReport } from '../skill-src/report/build.js';
import { renderFleet } from '../skill-src/render/fleet.js';
import { renderJson } from '../skill-src/render/json.js';
import { type Schema, validate } from './helpers/json-schema.js';
import { check, finding, report, res } from './helpers/report.js';
import { fluxObject, ok, state } from './helpers/state.js';

const schema = JSON.parse(fs.readFileSync(new URL('../skill-src/report/report.schema.json', import.meta.url), 'utf8')) as Schema;

const repo = res('GitRepository', 'podinfo', 'flux-system');

function failing(): Report {
  return buildReport(state({ kustomizations: ok([fluxObject('Kustomization', 'a'), fluxObject('Kustomization', 'b', { spec: { suspend: true } })]) }), [
    check('connectivity', [], ['fine']),
    check('sources', [finding('error', repo, 'AuthenticationFailed', { message: 'x'.repeat(10_000) })]),
    check('kustomizations', Array.from({ length: 12 }, (_, i) => finding('error', res('Kustomization', `k${i}`, 'apps'), 'DependencyNotReady', { rootCause: repo }))),
    check('practices', [finding('info', res('Cluster', 'alerts'), 'NoAlert')]),
  ]);
}

describe('report.schema.json', () => {
  it('is a draft 2020-12 schema', () => {
    expect((schema as unknown as Record<string, unknown>).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('accepts a healthy report, a failing report with root causes and MCP advice, and a fleet', () => {
    const healthy = JSON.parse(renderJson(report([check('sources', [])]))) as unknown;
    expect(validate(schema, healthy)).toEqual([]);
    const bad = JSON.parse(renderJson(failing())) as Record<string, unknown>;
    expect(bad.mcp).toBeDefined();
    expect(validate(schema, bad)).toEqual([]);
    const fleet = JSON.parse(renderFleet([failing(), report([])], 'json', false)) as unknown;
    expect(validate(schema, fleet)).toEqual([]);
  });

  it('rejects documents that break the contract', () => {
    const good = JSON.parse(renderJson(failing())) as Record<string, unknown>;
    const broken = (mutate: (doc: Record<string, unknown>) => void): unknown => {
      const copy = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
      mutate(copy);
      return copy;
    };
    type Doc = { checks: { status: string; findings: Record<string, unknown>[] }[]; rootCauses: { examples: unknown[] }[] };
    const cases: [string, unknown][] = [
      ['no checks', broken((d) => delete d.checks)],
      ['unknown status', broken((d) => ((d as unknown as Doc).checks[0]!.status = 'ok'))],
      ['finding without hint', broken((d) => delete (d as unknown as Doc).checks[1]!.findings[0]!.hint)],
      ['finding without next', broken((d) => delete (d as unknown as Doc).checks[1]!.findings[0]!.next)],
      ['next with a docs link that is not a reference.md anchor', broken((d) => (((d as unknown as Doc).checks[1]!.findings[0]!.next as Record<string, unknown>).docs = 'https://x/; rm -rf ~'))],
      ['next with an extra field', broken((d) => (((d as unknown as Doc).checks[1]!.findings[0]!.next as Record<string, unknown>).command = 'x'))],
      ['finding with an extra field', broken((d) => ((d as unknown as Doc).checks[1]!.findings[0]!.extra = 1))],
      ['six examples', broken((d) => (d as unknown as Doc).rootCauses[0]!.examples.push(...[1, 2, 3, 4, 5].map(() => ({ kind: 'K', name: 'n' }))))],
      ['wrong schemaVersion', broken((d) => (d.schemaVersion = 2))],
      ['negative count', broken((d) => ((d.summary as Record<string, number>).errors = -1))],
      ['not an object', 'report'],
    ];
    for (const [name, doc] of cases) expect(validate(schema, doc), name).not.toEqual([]);
  });
});

describe('JSON output', () => {
  it('parses back, with a schemaVersion and the contract fields', () => {
    const doc = JSON.parse(renderJson(failing())) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'tool', 'generatedAt', 'verdict', 'cluster', 'summary', 'rootCauses', 'checks', 'recommendMcp', 'mcp']);
    expect(doc.schemaVersion).toBe(1);
    const checks = doc.checks as { id: string; findings: { severity: string; resource: unknown; reason: string; message: string; hint: string }[] }[];
    expect(checks.map((c) => c.id)).toEqual(['connectivity', 'sources', 'kustomizations', 'practices']);
    expect(checks[2]?.findings).toHaveLength(12);
    expect(Object.keys(checks[1]?.findings[0] ?? {})).toEqual(['severity', 'resource', 'reason', 'message', 'hint', 'next']);
    expect(Object.keys(checks[2]?.findings[0] ?? {})).toEqual(['severity', 'resource', 'reason', 'message', 'hint', 'next', 'rootCause']);
    expect(doc.rootCauses).toHaveLength(1);
    expect(doc.summary).toEqual({ errors: 13, warnings: 0, infos: 1, kinds: [{ kind: 'Kustomization', running: 1, failing: 0, suspended: 1 }] });
    expect(doc.mcp).toEqual({
      reasons: ['12 reconciliation errors', '1 source sync failure'],
      command: 'bash scripts/validate.sh mcp-config --client vscode',
      clients: ['vscode', 'claude-desktop', 'claude-code', 'codex'],
      docs: 'SKILL.md#mcp-server-setup',
    });
  });

  it('indents with 2 spaces and ends with a newline', () => {
    const out = renderJson(report([]));
    expect(out.split('\n')[1]).toBe('  "schemaVersion": 1,');
    expect(out.endsWith('}\n')).toBe(true);
  });

  it('keeps key order stable whatever order the checks built their objects in', () => {
    const a = finding('error', repo, 'Failed', { rootCause: res('Bucket', 'b', 'x') });
    const shuffled = { hint: a.hint, next: { note: a.next.note, docs: a.next.docs, ...(a.next.argv ? { argv: a.next.argv } : {}) }, rootCause: { name: 'b', namespace: 'x', kind: 'Bucket' }, message: a.message, reason: a.reason, resource: { name: 'podinfo', kind: 'GitRepository', namespace: 'flux-system' }, severity: a.severity };
    expect(renderJson(report([check('sources', [shuffled])]))).toBe(renderJson(report([check('sources', [a])])));
  });

  it('caps very long text with a marker and keeps every finding', () => {
    const doc = JSON.parse(renderJson(failing())) as { checks: { findings: { message: string }[] }[] };
    const msg = doc.checks[1]?.findings[0]?.message ?? '';
    expect(msg.startsWith('x'.repeat(4000))).toBe(true);
    expect(msg.endsWith('… [truncated 6000 chars]')).toBe(true);
  });

  it('leaves out the MCP advice when its conditions do not hold', () => {
    const doc = JSON.parse(renderJson(report([check('sources', [finding('warning', repo, 'Suspended')])]))) as Record<string, unknown>;
    expect(doc.recommendMcp).toBe(false);
    expect('mcp' in doc).toBe(false);
  });
});
