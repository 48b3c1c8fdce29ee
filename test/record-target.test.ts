// --record writes where the user (or an agent) says: it must never follow a symlink, replace a file without
// --force, or leave a recording readable by others; and what it writes holds no credential (issue 12 item 4).
// Every case runs the BUILT validate.sh against the replay server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../skill-src/kube/types.js';
import { runScript } from './helpers/built.js';
import { cleanEnv } from './helpers/golden.js';
import { HEALTHY, loadScenario, writeRecording } from './helpers/hostile.js';
import { startReplay, type Replay } from './helpers/replay.js';

let replay: Replay;
let dir: string;

beforeAll(async () => {
  replay = await startReplay(HEALTHY);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-target-'));
});
afterAll(async () => {
  await replay.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const record = (file: string, ...extra: string[]): ReturnType<typeof runScript> =>
  runScript(['--kubeconfig', replay.kubeconfigPath, '--no-probe-ui', '--output', 'json', '--record', file, ...extra], { env: cleanEnv() });

const mode = (file: string): number => fs.statSync(file).mode & 0o777;

function fresh(name: string): string {
  const d = fs.mkdtempSync(path.join(dir, `${name}-`));
  return path.join(d, 'cluster.yaml');
}

function expectRefused(r: { exitCode: number; stderr: string; stdout: string }, says: RegExp): void {
  expect(r.exitCode, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(says);
  // Refused before the cluster was read: no report either.
  expect(r.stdout).toBe('');
}

describe('--record target safety (built validate.sh)', () => {
  it('a symlink at FILE is refused, its target untouched', async () => {
    const file = fresh('link');
    const victim = path.join(path.dirname(file), 'bashrc');
    fs.writeFileSync(victim, 'echo original\n');
    fs.symlinkSync(victim, file);
    expectRefused(await record(file), /refusing to write recording .*cluster\.yaml: it is a symbolic link/);
    expect(fs.readFileSync(victim, 'utf8')).toBe('echo original\n');
  });

  it('a symlink at the side file is refused', async () => {
    const file = fresh('side-link');
    const victim = path.join(path.dirname(file), 'profile');
    fs.writeFileSync(victim, 'keep\n');
    fs.symlinkSync(victim, path.join(path.dirname(file), 'cluster.side.yaml'));
    expectRefused(await record(file), /cluster\.side\.yaml: it is a symbolic link/);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep\n');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('an existing FILE is refused without --force, untouched', async () => {
    const file = fresh('exists');
    fs.writeFileSync(file, 'mine\n');
    expectRefused(await record(file), /refusing to overwrite .*cluster\.yaml: it already exists \(.*--force/);
    expect(fs.readFileSync(file, 'utf8')).toBe('mine\n');
  });

  it('--force replaces an existing recording, mode 0600', async () => {
    const file = fresh('force');
    fs.writeFileSync(file, 'old\n', { mode: 0o644 });
    fs.writeFileSync(file.replace(/\.yaml$/, '.side.yaml'), 'old\n', { mode: 0o644 });
    const r = await record(file, '--force');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toContain('kind: List');
    expect(mode(file)).toBe(0o600);
    expect(mode(file.replace(/\.yaml$/, '.side.yaml'))).toBe(0o600);
    // No temporary file left beside it.
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['cluster.side.yaml', 'cluster.yaml']);
  });

  it('--force still refuses a symlink', async () => {
    const file = fresh('force-link');
    const victim = path.join(path.dirname(file), 'target');
    fs.writeFileSync(victim, 'keep\n');
    fs.symlinkSync(victim, file);
    expectRefused(await record(file, '--force'), /symbolic link/);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep\n');
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
  });

  it('a new recording and its side file are written with mode 0600', async () => {
    const file = fresh('new');
    const r = await record(file);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(mode(file)).toBe(0o600);
    expect(mode(file.replace(/\.yaml$/, '.side.yaml'))).toBe(0o600);
  });

  it('--force without --record is a usage error', async () => {
    const r = await runScript(['--kubeconfig', replay.kubeconfigPath, '--force'], { env: cleanEnv() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--force only applies to --record/);
  });
});

/** Credentials planted where the issue found them leaking into recordings; none may reach the file. */
const PLANTED = {
  ghPat: 'ghp_PLANTEDrecordGhPat0a1b2c3d4e5f6a7b8c9d',
  dsnPassword: 'PLANTEDdsnPassw0rd',
  awsKeyId: 'AKIAPLANTEDREC0RD1X2',
  tokenArg: 'PLANTEDtokenArgValue9z8y',
  nextArg: 'PLANTEDnextArgValue7x6w',
  webhook: 'PLANTEDslackWebhookPath5v4u',
  userinfo: 'PLANTEDurlUserinfoToken3t2s',
  query: 'PLANTEDqueryToken1r0q',
} as const;

function plant(objects: KubeObject[]): void {
  const operator = objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === 'flux-operator');
  const containers = (operator?.spec as { template: { spec: { containers: Record<string, unknown>[] } } } | undefined)?.template.spec.containers;
  const c = containers?.[0];
  if (!c) throw new Error('healthy.yaml has no flux-operator container');
  c.env = [
    { name: 'GH_PAT', value: PLANTED.ghPat },
    { name: 'DB', value: `Server=db;User Id=flux;Password=${PLANTED.dsnPassword};` },
    { name: 'AWS_ACCESS_KEY_ID', value: PLANTED.awsKeyId },
  ];
  c.args = [...((c.args as string[] | undefined) ?? []), `--token=${PLANTED.tokenArg}`, '--password', PLANTED.nextArg];
  const provider = objects.find((o) => o.kind === 'Provider');
  if (!provider) throw new Error('healthy.yaml has no Provider');
  provider.spec = { ...(provider.spec as Record<string, unknown>), address: `https://hooks.slack.com/services/T000/B000/${PLANTED.webhook}` };
  const repo = objects.find((o) => o.kind === 'GitRepository');
  if (!repo) throw new Error('healthy.yaml has no GitRepository');
  (repo.spec as Record<string, unknown>).url = `https://${PLANTED.userinfo}@github.com/acme/fleet.git`;
  const ready = ((repo.status as { conditions?: Record<string, unknown>[] } | undefined)?.conditions ?? []).find((x) => x.type === 'Ready');
  if (ready) ready.message = `stored artifact from https://example.com/a.tar.gz?token=${PLANTED.query}&x=1`;
}

describe('--record redacts before writing', () => {
  it('planted credentials are not in the recording or its side file', async () => {
    const rec = loadScenario(HEALTHY);
    plant(rec.objects);
    const source = writeRecording(rec, 'planted');
    const server = await startReplay(source);
    const file = fresh('redact');
    try {
      const r = await runScript(['--kubeconfig', server.kubeconfigPath, '--no-probe-ui', '--output', 'json', '--record', file], { env: cleanEnv() });
      expect([0, 1], r.stderr).toContain(r.exitCode);
      const written = fs.readFileSync(file, 'utf8') + fs.readFileSync(file.replace(/\.yaml$/, '.side.yaml'), 'utf8');
      // The planted objects were recorded (so the absence below means redaction, not omission).
      expect(written).toContain('hooks.slack.com');
      expect(written).toContain('GH_PAT');
      for (const [what, value] of Object.entries(PLANTED)) expect(written, what).not.toContain(value);
    } finally {
      await server.close();
      fs.rmSync(path.dirname(source), { recursive: true, force: true });
    }
  });
});
