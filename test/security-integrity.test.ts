// The documented checksum verification (SKILL.md, "Verify the script") catches any one-byte change to the
// script, wherever it is: the shell header lines that run first, the bundle, the ends; and bytes added or removed.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySkillFolder } from './helpers/built.js';
import { SCRIPT_CHANGES } from './helpers/hostile.js';

/** The fenced sh block of SKILL.md that holds SUM=, as a user would paste it. */
function verificationBlock(skillMd: string): string {
  const block = [...skillMd.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').find((b) => /^SUM=[0-9a-f]{64}$/m.test(b));
  if (!block) throw new Error('SKILL.md has no verification block with SUM=');
  return block;
}

const verify = (dir: string) =>
  execa('sh', ['-c', verificationBlock(fs.readFileSync(path.join(dir, 'SKILL.md'), 'utf8'))], { cwd: dir, reject: false, env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() }, extendEnv: false, stdin: 'ignore' });

describe.concurrent('checksum verification', () => {
  it('passes on the untouched copy', async () => {
    const r = await verify(copySkillFolder());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('scripts/validate.sh: OK');
  });

  for (const c of SCRIPT_CHANGES) {
    it(`fails after ${c.name}`, async () => {
      const dir = copySkillFolder();
      const file = path.join(dir, 'scripts', 'validate.sh');
      const before = fs.readFileSync(file);
      const after = c.change(before);
      expect(after.equals(before)).toBe(false);
      fs.writeFileSync(file, after);
      const r = await verify(dir);
      expect(r.exitCode).not.toBe(0);
      expect(`${r.stdout}${r.stderr}`).toMatch(/FAILED/);
    });
  }
});
