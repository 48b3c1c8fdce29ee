// The documented checksum verification (SKILL.md, "Verify the script") catches any one-byte change to the
// script, wherever it is: the shell header lines that run first, the bundle, the ends; and bytes added or removed.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySkillFolder } from './helpers/built.js';

/** The fenced sh block of SKILL.md that holds SUM=, as a user would paste it. */
function verificationBlock(skillMd: string): string {
  const block = [...skillMd.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').find((b) => /^SUM=[0-9a-f]{64}$/m.test(b));
  if (!block) throw new Error('SKILL.md has no verification block with SUM=');
  return block;
}

const verify = (dir: string) =>
  execa('sh', ['-c', verificationBlock(fs.readFileSync(path.join(dir, 'SKILL.md'), 'utf8'))], { cwd: dir, reject: false, env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() }, extendEnv: false, stdin: 'ignore' });

/** Offsets in the script's bytes: the header's lines are what the shell runs before node ever starts. */
function lineStart(bytes: Buffer, line: number): number {
  let at = 0;
  for (let i = 0; i < line; i++) at = bytes.indexOf(0x0a, at) + 1;
  return at;
}

const CHANGES: { name: string; change(bytes: Buffer): Buffer }[] = [
  { name: 'first byte (#!)', change: (b) => flip(b, 0) },
  { name: 'a byte of the shebang line', change: (b) => flip(b, 5) },
  { name: 'a byte of the node-check header line', change: (b) => flip(b, lineStart(b, 1) + 20) },
  { name: 'a byte of the loader header line', change: (b) => flip(b, lineStart(b, 2) + 30) },
  { name: 'last byte', change: (b) => flip(b, b.length - 1) },
  { name: 'one byte appended', change: (b) => Buffer.concat([b, Buffer.from('\n')]) },
  { name: 'one byte removed', change: (b) => b.subarray(0, b.length - 1) },
  { name: 'a space turned into a tab in the bundle', change: (b) => replaceAt(b, b.indexOf(0x20, Math.floor(b.length / 3)), 0x09) },
];

function flip(b: Buffer, at: number): Buffer {
  const out = Buffer.from(b);
  out[at] = (out[at] ?? 0) ^ 0x01;
  return out;
}

function replaceAt(b: Buffer, at: number, byte: number): Buffer {
  const out = Buffer.from(b);
  out[at] = byte;
  return out;
}

describe.concurrent('checksum verification', () => {
  it('passes on the untouched copy', async () => {
    const r = await verify(copySkillFolder());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('scripts/validate.sh: OK');
  });

  for (const c of CHANGES) {
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
