// A finding or a root cause about a Flux object names one that exists: a reference to an object that does
// not exist is its referrer's failure (reference.md#sourcenotfound), and an event about a missing object is
// unverified evidence, never a finding about it. Checked on every JSON golden (scenarios and the real-world
// corpus), which the golden tests hold equal to the built script's output.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { parseFixture } from '../skill-src/cluster/fixture.js';
import { KINDS } from '../skill-src/kinds/table.js';
import { name as nameOf, namespace as namespaceOf } from '../skill-src/kube/fields.js';
import { realScenarios, scenarios, GOLDEN_DIR, type Scenario } from './helpers/golden.js';

interface Ref {
  kind: string;
  namespace?: string;
  name: string;
}
interface Golden {
  rootCauses?: { resource: Ref; reason: string }[];
  checks?: { findings?: { resource: Ref; reason: string }[] }[];
}

const FLUX_KINDS = new Set<string>(KINDS.map((k) => k.kind));
/** Reasons that by design name an object the operator should have created and did not (reference.md says which). */
const ABSENCE_REASONS = new Set(['FluxReportNotFound']);
const key = (r: Ref): string => `${r.kind}/${r.namespace ?? ''}/${r.name}`;

function objectsOf(s: Scenario): Set<string> {
  const side = `${s.fixture.replace(/\.yaml$/, '')}.side.yaml`;
  const fixture = parseFixture(fs.readFileSync(s.fixture, 'utf8'), fs.existsSync(side) ? fs.readFileSync(side, 'utf8') : undefined, path.basename(s.fixture));
  return new Set(fixture.objects.map((o) => `${String(o.kind)}/${namespaceOf(o) ?? ''}/${nameOf(o)}`));
}

describe('findings and root causes about Flux objects name objects that exist', () => {
  const all = [...scenarios(), ...realScenarios()];
  it('covers every scenario and corpus case', () => {
    expect(all.length).toBeGreaterThanOrEqual(78);
  });
  for (const s of all) {
    const goldenPath = path.join(s.goldenDir ?? GOLDEN_DIR, `${s.name}.json`);
    it(s.name, () => {
      const golden = JSON.parse(fs.readFileSync(goldenPath, 'utf8')) as Golden;
      const exists = objectsOf(s);
      const named: Ref[] = [
        ...(golden.rootCauses ?? []).filter((c) => !ABSENCE_REASONS.has(c.reason)).map((c) => c.resource),
        ...(golden.checks ?? []).flatMap((c) => (c.findings ?? []).filter((f) => !ABSENCE_REASONS.has(f.reason)).map((f) => f.resource)),
      ];
      // `*` stands for the objects of a kind in a folded finding.
      const absent = named.filter((r) => FLUX_KINDS.has(r.kind) && r.name !== '*' && !exists.has(key(r)));
      expect(absent.map(key)).toEqual([]);
    });
  }
});
