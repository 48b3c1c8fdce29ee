// Every read-only kubectl command shown in SKILL.md and reference.md runs with real kubectl against the
// replay API server serving the healthy recorded cluster: the documentation's commands must work as printed.
import { execa } from 'execa';
import { KUBECTL_AVAILABLE } from './helpers/kubectl.js';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SKILL_MD } from '../build/paths.js';
import { startReplay, type Replay } from './helpers/replay.js';
import { parseFixture, sidePathFor } from '../skill-src/cluster/fixture.js';
import { FixtureApi } from '../skill-src/cluster/fixture-api.js';
import { KINDS } from '../skill-src/kinds/table.js';
import { codeBlocks } from './helpers/skill-markdown.js';
import { tempDir } from './helpers/temp.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'scenarios', 'healthy.yaml');
const DOCS = { 'SKILL.md': SKILL_MD, 'reference.md': path.join(ROOT, 'reference.md') };
const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console', '']);
const READ_VERBS = /^kubectl\s+(?:-n\s+\S+\s+)?(get|describe|logs|events|auth\s+can-i|version|config\s+(?:current-context|get-contexts))\b/;

interface DocCommand {
  doc: string;
  command: string;
}

/** kubectl lines in shell blocks: the part before a pipe, without comments or continuation lines. */
function kubectlCommands(md: string): string[] {
  const out: string[] = [];
  for (const block of codeBlocks(md)) {
    if (!SHELL_LANGS.has(block.lang)) continue;
    for (const raw of block.body.split('\n')) {
      const line = raw.trim();
      if (!line.startsWith('kubectl ')) continue;
      out.push(line.split(' | ')[0]?.trim() ?? line);
    }
  }
  return out;
}

// Every name a Flux kind goes by on the command line (kind, plural, plural.group), to its kind in lower case.
const FLUX_NAMES = new Map(KINDS.flatMap((k) => [k.kind.toLowerCase(), k.resource, `${k.resource}.${k.group}`].map((n) => [n, k.kind.toLowerCase()] as const)));

/** Kinds (lower case) the recorded cluster serves, as the replay server's API sees them. */
function servedKinds(fixturePath: string): Set<string> {
  const side = sidePathFor(fixturePath);
  const fixture = parseFixture(fs.readFileSync(fixturePath, 'utf8'), fs.existsSync(side) ? fs.readFileSync(side, 'utf8') : undefined, fixturePath);
  return new Set(new FixtureApi(fixture).types.map((t) => t.kind.toLowerCase()));
}

/** Why a documented command cannot run here, or undefined when it should. */
function skipReason(command: string, served?: ReadonlySet<string>): string | undefined {
  if (/[<>]/.test(command.replace(/--field-selector\s+\S+/, ''))) return 'has a placeholder';
  if (command.endsWith('\\')) return 'continues on the next line';
  if (!READ_VERBS.test(command)) return 'not a read-only command (write, port-forward or apply)';
  if (/\blogs\b/.test(command)) return 'the replay server serves no container logs';
  const types = /^kubectl\s+(?:get|describe)\s+([a-z.,]+)/.exec(command)?.[1]?.split(',') ?? [];
  for (const t of types) {
    const kind = FLUX_NAMES.get(t);
    if (served && kind && !served.has(kind)) return `the recorded cluster has no ${kind} CRD`;
  }
  return undefined;
}

/** Splits a documented command into argv as a POSIX shell would for these simple lines (quotes only). */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;
  for (const ch of command) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

const served = servedKinds(FIXTURE);
const all: DocCommand[] = Object.entries(DOCS).flatMap(([doc, file]) => kubectlCommands(fs.readFileSync(file, 'utf8')).map((command) => ({ doc, command })));
const runnable = all.filter((c) => skipReason(c.command, served) === undefined);
const kubectl = KUBECTL_AVAILABLE ? 'kubectl' : undefined;
const skipped = all.map((c) => skipReason(c.command, served)).filter((r): r is string => r !== undefined);
if (skipped.length > 0) {
  const byReason = [...new Set(skipped)].map((r) => `${skipped.filter((x) => x === r).length} ${r}`);
  console.warn(`skill-kubectl: ${skipped.length} documented commands are not run against the recorded cluster (${byReason.join('; ')})`);
}

describe('command extraction', () => {
  it('finds the documented read-only commands, and runs more than it skips', () => {
    expect(all.length).toBeGreaterThan(20);
    expect(runnable.length).toBeGreaterThan(all.length / 2);
    expect(runnable.map((c) => c.command)).toContain('kubectl get fluxinstance -A');
  });

  it('classifies commands', () => {
    expect(skipReason('kubectl get pods -n flux-system')).toBeUndefined();
    expect(skipReason('kubectl describe helmrelease <name> -n <namespace>')).toBe('has a placeholder');
    expect(skipReason('kubectl apply -f install.yaml')).toMatch(/not a read-only/);
    expect(skipReason('kubectl -n flux-system port-forward svc/flux-operator 9080:9080')).toMatch(/not a read-only/);
    expect(skipReason('kubectl annotate --overwrite kustomization/x a=b')).toMatch(/not a read-only/);
    expect(skipReason('kubectl logs -n flux-system deployment/source-controller')).toMatch(/logs/);
    expect(skipReason('kubectl get bucket -A', new Set(['gitrepository']))).toMatch(/no bucket CRD/);
    expect(skipReason('kubectl get gitrepository -A', new Set(['gitrepository']))).toBeUndefined();
    expect(served.has('fluxinstance')).toBe(true);
    expect(shellWords(`kubectl get x -o jsonpath='{.status.conditions[?(@.type=="Ready")].message}'`)).toEqual([
      'kubectl',
      'get',
      'x',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Ready")].message}',
    ]);
  });
});

describe.skipIf(!kubectl)('documented kubectl commands against the replay server (healthy cluster)', () => {
  let replay: Replay;
  let cacheDir: string;

  beforeAll(async () => {
    replay = await startReplay(FIXTURE);
    cacheDir = tempDir('kubectl-cache');
  });

  afterAll(async () => {
    await replay?.close();
    if (cacheDir) fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  for (const { doc, command } of all) {
    const skip = skipReason(command, served);
    if (skip) {
      it.skip(`${doc}: ${command} (${skip})`, () => {});
      continue;
    }
    it(`${doc}: ${command}`, async () => {
      const [, ...args] = shellWords(command);
      const r = await execa(kubectl ?? 'kubectl', [...args, '--kubeconfig', replay.kubeconfigPath, '--cache-dir', cacheDir], {
        reject: false,
        env: { HOME: cacheDir, PATH: process.env.PATH ?? '' },
        extendEnv: false,
        timeout: 110_000,
        stdin: 'ignore',
      });
      expect(r.exitCode, `${r.stderr}`).toBe(0);
    });
  }
});

if (!kubectl) {
  describe('documented kubectl commands', () => {
    it.skip('kubectl is not installed: the documented commands were not run', () => {});
  });
}
