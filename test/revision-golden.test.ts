// Goldens of `validate.sh revision` against the BUILT script. Goldens change only through `npm run update-goldens`.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from './helpers/golden.js';
import { assertBuilt } from './helpers/built.js';
import { REVISION_CASES, normalizeRevision, produceRevision, revisionGoldenPath } from './helpers/revision-goldens.js';

describe('revision goldens', () => {
  beforeAll(() => assertBuilt());

  it('every case has text, markdown and JSON goldens', () => {
    const missing = REVISION_CASES.flatMap((c) => FORMATS.filter((f) => !fs.existsSync(revisionGoldenPath(c, f))).map((f) => `${c.name}.${f.ext}`));
    expect(missing, 'run npm run update-goldens and review the new files').toEqual([]);
  });

  for (const c of REVISION_CASES) {
    describe(`${c.name}: ${c.about}`, () => {
      for (const f of FORMATS) {
        it(`${f.flag} output matches its golden, exit ${c.exitCode}`, async () => {
          const out = await produceRevision(c, f);
          expect(out.stderr).not.toMatch(/\n\s+at /);
          expect(out.exitCode, out.stderr).toBe(c.exitCode);
          expect(normalizeRevision(out.stdout)).toBe(fs.readFileSync(revisionGoldenPath(c, f), 'utf8'));
        }, 60_000);
      }
    });
  }
});
