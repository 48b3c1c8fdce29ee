// The build is deterministic: twice in a row, and from a copy of the sources in another folder.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleScript } from '../build/bundle.js';
import { ROOT } from '../build/paths.js';
import { tempDir } from './helpers/temp.js';

describe('build', () => {
  it('gives identical bytes twice', async () => {
    const [a, b] = [await bundleScript(), await bundleScript()];
    expect(a.equals(b)).toBe(true);
  });

  it('gives identical bytes from a copy of the repository in another folder', async () => {
    const copy = tempDir('repo-copy');
    for (const entry of ['package.json', 'tsconfig.json', 'reference.md', 'build', 'skill-src', '.github', '.claude']) {
      fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    const r = await execa(process.execPath, ['build/run-ts.mjs', 'build/build.ts'], { cwd: copy, reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    const rel = path.join('.github', 'skills', 'flux-operator', 'scripts', 'validate.sh');
    expect(fs.readFileSync(path.join(copy, rel)).equals(await bundleScript())).toBe(true);
  });
});
