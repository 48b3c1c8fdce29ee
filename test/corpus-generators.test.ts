// The real-world corpus is generated (test/fixtures/real/src-a and src-b): each generator, run on a copy of
// the folder, must reproduce every committed case byte for byte and leave every expectation as written.
// A generator that no longer runs, or whose output drifted from the committed cases, fails here.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ROOT } from '../build/paths.js';

const REAL = path.join(ROOT, 'test', 'fixtures', 'real');
// Inside the project so that the generators' `js-yaml` import resolves from its node_modules.
fs.mkdirSync(path.join(ROOT, '.cache'), { recursive: true });
const COPY = fs.mkdtempSync(path.join(ROOT, '.cache', 'corpus-gen-'));

function filesOf(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile()) out.set(f, fs.readFileSync(p, 'utf8'));
  }
  return out;
}

describe('corpus generators reproduce the committed cases', () => {
  fs.cpSync(REAL, path.join(COPY, 'real'), { recursive: true });
  afterAll(() => fs.rmSync(COPY, { recursive: true, force: true }));

  for (const src of ['src-a', 'src-b']) {
    it(`${src}/generate.mjs runs and changes nothing`, async () => {
      const r = await execa(process.execPath, [path.join(COPY, 'real', src, 'generate.mjs')], { reject: false, timeout: 120_000 });
      expect(r.exitCode, r.stderr).toBe(0);
      const committed = filesOf(REAL);
      const regenerated = filesOf(path.join(COPY, 'real'));
      expect([...regenerated.keys()]).toEqual([...committed.keys()]);
      for (const [name, text] of committed) expect(regenerated.get(name), name).toBe(text);
    });
  }
});
