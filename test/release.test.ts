// npm run release: a reproducible archive of what users install, with SHA256SUMS that verify it.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageJson } from '../build/distribution.js';
import { ROOT } from '../build/paths.js';
import { RELEASE_PATHS, buildRelease } from '../build/release.js';
import { tempDir } from './helpers/temp.js';

describe('release archive', () => {
  it('is named with the package version and gives the same bytes twice', () => {
    const a = buildRelease();
    const b = buildRelease();
    expect(a.archiveName).toBe(`flux-operator-skill-${packageJson().version}.tar.gz`);
    expect(a.archive.equals(b.archive)).toBe(true);
    expect(a.sums).toBe(b.sums);
  });

  it('does not depend on file times or permissions beyond the executable bit', () => {
    const copy = tempDir('release-copy');
    for (const p of [...new Set(RELEASE_PATHS.map((r) => r.split('/')[0] ?? r)), 'package.json']) {
      fs.cpSync(path.join(ROOT, p), path.join(copy, p), { recursive: true, verbatimSymlinks: true });
    }
    const skill = path.join(copy, '.github', 'skills', 'flux-operator', 'SKILL.md');
    fs.utimesSync(skill, new Date('2001-02-03T04:05:06Z'), new Date('2001-02-03T04:05:06Z'));
    fs.chmodSync(skill, 0o600);
    expect(buildRelease(copy).archive.equals(buildRelease().archive)).toBe(true);
  });

  it('npm run release writes the archive and a SHA256SUMS that sha256sum -c accepts; the archive extracts to a verifiable skill', async () => {
    const out = tempDir('release-out');
    const r = await execa(process.execPath, ['build/run-ts.mjs', 'build/release.ts', '--out', out], { cwd: ROOT, reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    const check = await execa('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, reject: false });
    expect(check.exitCode, check.stderr).toBe(0);
    const { archiveName } = buildRelease();
    const x = await execa('tar', ['-xzf', path.join(out, archiveName), '-C', out], { reject: false });
    expect(x.exitCode, x.stderr).toBe(0);
    const top = path.join(out, archiveName.replace(/\.tar\.gz$/, ''));
    for (const p of RELEASE_PATHS) expect(fs.existsSync(path.join(top, p)), p).toBe(true);
    // The extracted skill verifies itself with its own pinned checksum, and .agents/skills resolves inside the archive.
    const skillDir = path.join(top, '.github', 'skills', 'flux-operator');
    const sum = /^SUM=([0-9a-f]{64})$/m.exec(fs.readFileSync(path.join(skillDir, 'SKILL.md'), 'utf8'))?.[1];
    const v = await execa('sh', ['-c', `echo "${sum ?? ''}  scripts/validate.sh" | sha256sum -c -`], { cwd: skillDir, reject: false });
    expect(v.exitCode, v.stderr).toBe(0);
    expect(fs.existsSync(path.join(top, '.agents', 'skills', 'flux-status', 'SKILL.md'))).toBe(true);
    expect(fs.statSync(path.join(skillDir, 'scripts', 'validate.sh')).mode & 0o111).not.toBe(0);
  }, 120_000);
});
