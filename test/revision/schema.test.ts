// revision --output json against skill-src/report/revision.schema.json, and the schema against bad documents.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Schema, validate } from '../helpers/json-schema.js';
import { SCENARIO_DIR } from '../helpers/golden.js';
import { runIn } from './run.js';

const load = (name: string): Schema => JSON.parse(fs.readFileSync(new URL(`../../skill-src/report/${name}`, import.meta.url), 'utf8')) as Schema;
const schema = load('revision.schema.json');
const report = load('report.schema.json');
const snap = (name: string): string => path.join(SCENARIO_DIR, `${name}.yaml`);

async function json(args: string[]): Promise<Record<string, unknown>> {
  const r = await runIn([...args, '--output', 'json']);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('revision.schema.json', () => {
  it('shares its object shapes with report.schema.json, unchanged', () => {
    const defs = (s: Schema): Record<string, unknown> => (s as unknown as { $defs: Record<string, unknown> }).$defs;
    for (const key of ['severity', 'count', 'resource', 'next', 'since', 'rootCause', 'workload']) expect(defs(schema)[key], key).toEqual(defs(report)[key]);
  });

  it.each([
    ['landed, default REV', ['--snapshot', snap('healthy')]],
    ['failed with a root cause', ['59d8ace', '--snapshot', snap('kustomization-build-failure')]],
    ['blocked', ['f766e25', '--snapshot', snap('dependency-chain')]],
    ['not fetched, with --wait', ['0123456789abc', '--wait', '--timeout', '1', '--snapshot', snap('healthy')]],
    ['hostile text', ['--snapshot', snap('hostile-text')]],
  ])('accepts %s', async (_name, args) => {
    expect(validate(schema, await json(args))).toEqual([]);
  });

  it('rejects documents that break the contract', async () => {
    const good = await json(['59d8ace', '--snapshot', snap('kustomization-build-failure')]);
    type Doc = { clusters: { objects: Record<string, unknown>[]; counts: Record<string, number> }[]; rev: Record<string, unknown> };
    const broken = (mutate: (d: Doc & Record<string, unknown>) => void): unknown => {
      const copy = JSON.parse(JSON.stringify(good)) as Doc & Record<string, unknown>;
      mutate(copy);
      return copy;
    };
    const cases: [string, unknown][] = [
      ['no clusters', broken((d) => delete (d as Record<string, unknown>).clusters)],
      ['unknown verdict', broken((d) => (d.verdict = 'maybe'))],
      ['unknown object state', broken((d) => (d.clusters[0]!.objects[0]!.state = 'done'))],
      ['object without detail', broken((d) => delete d.clusters[0]!.objects[0]!.detail)],
      ['root cause without next', broken((d) => delete (d.clusters[0]!.objects[0]!.rootCause as Record<string, unknown>).next)],
      ['negative count', broken((d) => (d.clusters[0]!.counts.failed = -1))],
      ['unknown REV kind', broken((d) => (d.rev.kind = 'branch'))],
      ['extra field', broken((d) => (d.extra = 1))],
    ];
    for (const [name, doc] of cases) expect(validate(schema, doc), name).not.toEqual([]);
  });
});
