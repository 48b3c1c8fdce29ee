// evals/evals.json: realistic prompts in the Agent Skills eval format, each with the expected behaviour, and a
// `run` block with the deterministic part, checked here on the BUILT script: the named scenario's verdict,
// exit code and root cause, or a command's output. The agent-side expectations are for a model-graded run.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../build/paths.js';
import { runScript } from './helpers/built.js';
import { SCENARIO_DIR, cleanEnv } from './helpers/golden.js';
import { tempDir } from './helpers/temp.js';

interface RootCauseExpect {
  kind?: string;
  name?: string;
  nameContains?: string;
  reason?: string;
}
interface Run {
  scenario?: string;
  command?: string[];
  args?: string[];
  verdict?: string | string[];
  exitCode: number;
  rootCause?: RootCauseExpect;
  stdoutContains?: string[];
  stdoutExcludes?: string[];
}
interface Eval {
  id: number;
  prompt: string;
  expected_output: string;
  files: string[];
  expectations: string[];
  run: Run;
}

const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'evals', 'evals.json'), 'utf8')) as { skill_name: string; evals: Eval[] };
/** A kubeconfig file for the mcp-config evals, in a folder removed when the test ends. */
function kubeconfigFile(): string {
  const file = path.join(tempDir('evals'), 'kubeconfig');
  fs.writeFileSync(file, 'apiVersion: v1\nkind: Config\ncurrent-context: a\nclusters: []\nusers: []\ncontexts: []\n');
  return file;
}

describe('evals/evals.json', () => {
  it('is in the Agent Skills eval format, for this skill, with at least 15 distinct prompts', () => {
    expect(doc.skill_name).toBe('flux-operator');
    expect(doc.evals.length).toBeGreaterThanOrEqual(15);
    expect(new Set(doc.evals.map((e) => e.id)).size).toBe(doc.evals.length);
    expect(new Set(doc.evals.map((e) => e.prompt)).size).toBe(doc.evals.length);
    for (const e of doc.evals) {
      expect(e.prompt.length, `eval ${e.id}`).toBeGreaterThan(5);
      expect(e.expected_output.length).toBeGreaterThan(20);
      expect(Array.isArray(e.files)).toBe(true);
      expect(e.expectations.length).toBeGreaterThan(0);
      expect(e.run.scenario !== undefined || e.run.command !== undefined, `eval ${e.id} has a deterministic part`).toBe(true);
    }
  });

  it('covers /flux-status, failures, MCP setup and the safety question', () => {
    const prompts = doc.evals.map((e) => e.prompt);
    expect(prompts.some((p) => p.startsWith('/flux-status'))).toBe(true);
    expect(prompts.some((p) => /MCP|mcp/.test(p))).toBe(true);
    expect(prompts.some((p) => /safe/i.test(p))).toBe(true);
    expect(doc.evals.filter((e) => e.run.rootCause).length).toBeGreaterThanOrEqual(8);
  });
});

describe.concurrent('the deterministic part of each eval', () => {
  for (const e of doc.evals) {
    it(`${e.id}: ${e.prompt}`, async () => {
      const r = e.run;
      let textArgs: string[];
      if (r.scenario !== undefined) {
        const fixture = path.join(SCENARIO_DIR, `${r.scenario}.yaml`);
        expect(fs.existsSync(fixture), fixture).toBe(true);
        textArgs = ['--snapshot', fixture, ...(r.args ?? [])];
        const json = await runScript([...textArgs, '--output', 'json'], { env: cleanEnv() });
        expect(json.exitCode, json.stderr).toBe(r.exitCode);
        const report = JSON.parse(json.stdout) as { verdict: string; rootCauses: { resource: { kind: string; name: string }; reason: string }[] };
        if (r.verdict !== undefined) expect([r.verdict].flat()).toContain(report.verdict);
        const want = r.rootCause;
        if (want) {
          const match = report.rootCauses.find(
            (c) =>
              (want.kind === undefined || c.resource.kind === want.kind) &&
              (want.name === undefined || c.resource.name === want.name) &&
              (want.nameContains === undefined || c.resource.name.includes(want.nameContains)) &&
              (want.reason === undefined || c.reason === want.reason),
          );
          expect(match, `root causes: ${JSON.stringify(report.rootCauses.map((c) => [c.resource.kind, c.resource.name, c.reason]))}`).toBeDefined();
        }
      } else {
        const kubeconfig = kubeconfigFile();
        textArgs = (r.command ?? []).map((a) => (a === '{kubeconfig}' ? kubeconfig : a));
      }
      const text = await runScript(textArgs, { env: cleanEnv() });
      expect(text.exitCode, text.stderr).toBe(r.exitCode);
      for (const s of r.stdoutContains ?? []) expect(text.stdout).toContain(s);
      for (const s of r.stdoutExcludes ?? []) expect(text.stdout).not.toContain(s);
    }, 60_000);
  }
});
