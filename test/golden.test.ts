// Golden scenarios against the BUILT script. Goldens change only through `npm run update-goldens`.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, goldenPath, normalize, produce, realScenarios, runLive, runSnapshot, scenarios, withoutKubeconfigFlag, type Scenario } from './helpers/golden.js';
import { assertBuilt } from './helpers/built.js';

const all = scenarios();
const real = realScenarios();

interface JsonReport {
  summary: { errors: number };
  checks: { id: string; status: string; findings: unknown[] }[];
}

/** Text, markdown and JSON of one recorded cluster against its goldens. */
function goldenTests(s: Scenario): void {
  describe(s.name, () => {
    for (const f of FORMATS) {
      it(`${f.flag} output matches its golden`, async () => {
        const out = await produce(s, f);
        expect(out.stderr).not.toMatch(/\n\s+at /); // never a stack trace
        const golden = fs.readFileSync(goldenPath(s, f), 'utf8');
        expect(normalize(out.stdout, s.side.recordedAt)).toBe(golden);
        if (f.flag === 'json') {
          const report = JSON.parse(out.stdout) as JsonReport;
          expect(out.exitCode).toBe(report.summary.errors > 0 ? 1 : 0);
        }
      }, 60_000);
    }
  });
}

describe('golden scenarios', () => {
  beforeAll(() => assertBuilt());

  it('has at least 25 scenarios, each with text, markdown and JSON goldens', () => {
    expect(all.length).toBeGreaterThanOrEqual(25);
    const missing = all.flatMap((s) => FORMATS.filter((f) => !fs.existsSync(goldenPath(s, f))).map((f) => `${s.name}.${f.ext}`));
    expect(missing, 'run npm run update-goldens and review the new files').toEqual([]);
  });

  for (const s of all) goldenTests(s);
});

describe('golden real-world corpus (test/goldens/real/)', () => {
  beforeAll(() => assertBuilt());

  it('each case has text, markdown and JSON goldens', () => {
    const missing = real.flatMap((s) => FORMATS.filter((f) => !fs.existsSync(goldenPath(s, f))).map((f) => `real/${s.name}.${f.ext}`));
    expect(missing, 'run npm run update-goldens and review the new files').toEqual([]);
  });

  for (const s of real) goldenTests(s);
});

describe('snapshot mode equals live mode through the replay server', () => {
  for (const s of all.filter((x) => !x.liveOnly)) {
    it(s.name, async () => {
      const [snap, live] = await Promise.all([runSnapshot(s, 'json'), runLive(s, 'json')]);
      const strip = (o: string): unknown => {
        const r = JSON.parse(withoutKubeconfigFlag(o)) as JsonReport;
        // local-tools describes this machine (skipped offline); every cluster finding must agree.
        // Live runs repeat the run's --kubeconfig in each kubectl command (test/next-steps.test.ts checks that);
        // a snapshot names no cluster, so the flag is the one expected difference and is left out here.
        const noFlag = (f: (typeof r.checks)[number]['findings'][number]) =>
          JSON.parse(JSON.stringify(f).replace(/,"--kubeconfig=[^"]*"/g, '').replace(/ --kubeconfig=[^"\s]*/g, '')) as unknown;
        return r.checks.filter((c) => c.id !== 'local-tools').map((c) => ({ id: c.id, status: c.status, findings: c.findings.map(noFlag) }));
      };
      expect(strip(live.stdout)).toEqual(strip(snap.stdout));
      expect(live.exitCode).toBe(snap.exitCode);
    });
  }
});
