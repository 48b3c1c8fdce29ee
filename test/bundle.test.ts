// The package foundation, tested on the BUILT validate.sh: one self-contained file, exact checksum,
// documented verification, runs from a copied skill folder under every invocation style.
import { execa } from 'execa';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCRIPT_PATH, SKILL_MD, assertBuilt, copySkillFolder } from './helpers/built.js';
import { tempDir } from './helpers/temp.js';
import { helpText } from '../skill-src/cli/help.js';

const sha256 = (b: Buffer): string => crypto.createHash('sha256').update(b).digest('hex');

/** The verification block of SKILL.md: the fenced sh block containing SUM=. */
function verificationBlock(skillMd: string): string {
  const blocks = [...skillMd.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const block = blocks.find((b) => /^SUM=[0-9a-f]{64}$/m.test(b));
  if (!block) throw new Error('SKILL.md has no verification block with SUM=');
  return block;
}

const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  execa(cmd, args, { cwd, reject: false, env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env }, extendEnv: false, stdin: 'ignore' });

describe('built validate.sh', () => {
  beforeAll(() => assertBuilt());

  it('is one self-contained file: no relative require, nothing but itself and package.json beside it', () => {
    const text = fs.readFileSync(SCRIPT_PATH, 'utf8');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).not.toMatch(/require\(["']\.\.?\//);
    expect(text).not.toContain('\r');
    expect(fs.readdirSync(path.dirname(SCRIPT_PATH)).sort()).toEqual(['package.json', 'validate.sh']);
    expect(fs.statSync(SCRIPT_PATH).mode & 0o111).not.toBe(0);
  });

  it('is under 1.5 MB', () => {
    expect(fs.statSync(SCRIPT_PATH).size).toBeLessThan(1.5 * 1024 * 1024);
  });

  it("SKILL.md states exactly one sha256, equal to the file's", () => {
    const md = fs.readFileSync(SKILL_MD, 'utf8');
    const sums = new Set(md.match(/\b[0-9a-f]{64}\b/g) ?? []);
    expect([...sums]).toEqual([sha256(fs.readFileSync(SCRIPT_PATH))]);
  });

  it("SKILL.md's verification command passes in a copy of the skill folder, and fails after one flipped byte", async () => {
    const dir = copySkillFolder();
    const block = verificationBlock(fs.readFileSync(path.join(dir, 'SKILL.md'), 'utf8'));
    const good = await run('sh', ['-c', block], dir);
    expect(good.exitCode, good.stderr).toBe(0);
    expect(good.stdout).toContain('scripts/validate.sh: OK');

    const file = path.join(dir, 'scripts', 'validate.sh');
    const bytes = fs.readFileSync(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    fs.writeFileSync(file, bytes);
    const bad = await run('sh', ['-c', block], dir);
    expect(bad.exitCode).not.toBe(0);
    expect(`${bad.stdout}${bad.stderr}`).toMatch(/FAILED/);
  });

  it('the shasum form for macOS is in the block and verifies too', async () => {
    const dir = copySkillFolder();
    const block = verificationBlock(fs.readFileSync(path.join(dir, 'SKILL.md'), 'utf8'));
    expect(block).toContain('shasum -a 256 -c');
    const shasum = await run('sh', ['-c', 'command -v shasum'], dir);
    if (shasum.exitCode !== 0) return; // shasum (perl) absent: the sha256sum path above covers this machine
    const sum = /^SUM=([0-9a-f]{64})$/m.exec(block)?.[1] ?? '';
    const r = await run('sh', ['-c', `echo "${sum}  scripts/validate.sh" | shasum -a 256 -c -`], dir);
    expect(r.exitCode, r.stderr).toBe(0);
  });
});

describe('a copied skill folder alone', () => {
  let dir: string;
  beforeAll(() => {
    dir = copySkillFolder();
  });

  it.each([
    ['bash', ['scripts/validate.sh']],
    ['sh', ['scripts/validate.sh']],
    ['node', ['scripts/validate.sh']],
    ['./scripts/validate.sh', []],
  ])('runs --version and --help as `%s`', async (cmd, pre) => {
    const v = await run(cmd, [...pre, '--version'], dir);
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^flux-operator-validate \d+\.\d+\.\d+\n?$/);
    const h = await run(cmd, [...pre, '--help'], dir);
    expect(h.exitCode).toBe(0);
    expect(h.stdout).toContain('Exit codes:');
    expect(h.stdout).toContain('--snapshot FILE');
  });

  it('works from any working directory and passes arguments through intact', async () => {
    const script = path.join(dir, 'scripts', 'validate.sh');
    const r = await run('bash', [script, '--output', 'two words'], os.tmpdir());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('validate.sh: unknown output format "two words" (use --output text, markdown or json)');
  });

  it('runs under a parent package.json with "type": "module", as sh and as node', async () => {
    const parent = tempDir('esm-parent');
    fs.writeFileSync(path.join(parent, 'package.json'), '{"type":"module"}\n');
    const skill = path.join(parent, 'flux-operator');
    fs.cpSync(dir, skill, { recursive: true });
    for (const cmd of ['sh', 'node']) {
      const r = await run(cmd, ['flux-operator/scripts/validate.sh', '--version'], parent);
      expect(r.exitCode, `${cmd}: ${r.stderr}`).toBe(0);
    }
  });

  it('answers --help from the shell header, identical to what Node prints, also without node on PATH', async () => {
    const viaShell = await run('sh', ['scripts/validate.sh', '--help'], dir);
    const viaNode = await run('node', ['scripts/validate.sh', '--help'], dir);
    expect(viaShell.exitCode).toBe(0);
    expect(viaShell.stdout).toBe(viaNode.stdout);
    expect(viaShell.stdout).toBe(helpText().replace(/\n$/, ''));
    const noNode = tempDir('no-node-help');
    fs.symlinkSync('/bin/sed', path.join(noNode, 'sed'));
    const bare = await execa('/bin/sh', [path.join(dir, 'scripts', 'validate.sh'), '-h'], { reject: false, env: { PATH: noNode }, extendEnv: false });
    expect([bare.exitCode, bare.stdout]).toEqual([0, viaNode.stdout]);
  });

  it('without node on PATH prints one line and exits 127', async () => {
    const empty = tempDir('no-node');
    const r = await execa('/bin/sh', [path.join(dir, 'scripts', 'validate.sh'), '--version'], { reject: false, env: { PATH: empty }, extendEnv: false });
    expect(r.exitCode).toBe(127);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('Node.js >= 20 is required');
  });

  it('with Node older than 20 prints one line and exits 2', async () => {
    const bin = tempDir('old-node');
    fs.writeFileSync(path.join(bin, 'pretend-18.cjs'), "Object.defineProperty(process.versions, 'node', { value: '18.19.0' });\n");
    fs.writeFileSync(path.join(bin, 'node'), `#!/bin/sh\nexec ${process.execPath} --require ${path.join(bin, 'pretend-18.cjs')} "$@"\n`, { mode: 0o755 });
    const r = await execa('/bin/sh', [path.join(dir, 'scripts', 'validate.sh'), '--version'], { reject: false, env: { PATH: `${bin}:/usr/bin:/bin` }, extendEnv: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['validate.sh: Node.js >= 20 is required, found v18.19.0; install a current Node.js from https://nodejs.org']);
  });

  it('starts Node with the memory flags the benchmark measured: --expose-gc and a 4 MB semi-space', async () => {
    const bin = tempDir('flag-node');
    const argsFile = path.join(bin, 'args');
    fs.writeFileSync(path.join(bin, 'node'), `#!/bin/sh\nprintf '%s\\n' "$@" > ${argsFile}\nexec ${process.execPath} "$@"\n`, { mode: 0o755 });
    const r = await execa('/bin/sh', [path.join(dir, 'scripts', 'validate.sh'), '--version'], { reject: false, env: { PATH: `${bin}:/usr/bin:/bin` }, extendEnv: false });
    expect(r.exitCode).toBe(0);
    const args = fs.readFileSync(argsFile, 'utf8').split('\n');
    expect(args.slice(0, args.indexOf('-e'))).toEqual(['--expose-gc', '--max-semi-space-size=4']);
  });

  it('`--help | head -1` ends cleanly: no EPIPE stack trace', async () => {
    const r = await run('sh', ['-c', 'bash scripts/validate.sh --help | head -1'], dir);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('Usage: validate.sh [options]');
    expect(r.stderr).toBe('');
  });

  it('a bad flag is one line with a hint and exit 2, never a stack trace', async () => {
    const r = await run('bash', ['scripts/validate.sh', '--frobnicate'], dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('validate.sh: unknown option "--frobnicate" (run validate.sh --help for the list of options)');
    expect(r.stdout).toBe('');
  });
});

describe('validate.sh is readable for an audit', () => {
  let text: string;
  beforeAll(() => {
    assertBuilt();
    text = fs.readFileSync(SCRIPT_PATH, 'utf8');
  });

  it('opens with a header saying what it reads and never writes, and how to list its requests', () => {
    const head = text.split('\n').slice(0, 40).join('\n');
    expect(head).toMatch(/^\/\/ Reads: /m);
    expect(head).toMatch(/^\/\/ Never: .*Secrets/m);
    expect(head).toContain('--list-requests');
  });

  it('is not minified: short lines, module boundaries and names kept, the live code readable too', () => {
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThan(10_000);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(1000);
    for (const mod of ['skill-src/main.ts', 'skill-src/cluster/collect.ts', 'skill-src/cluster/inputs.ts', 'skill-src/checks/platform/flux-ui.ts', 'skill-src/app/live-access.ts', 'skill-src/cluster/http-transport.ts']) {
      expect(text, mod).toContain(`\n// ${mod}\n`);
    }
    expect(text).toContain('function pickRunningPod(');
    expect(text).toContain('var Collector = class {');
  });
});
