// The benchmark's baseline, kubectl-per-step.sh, against a generated fleet behind the replay server:
// it must do the checks for real (every list, every access review) and find the injected failures.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../scripts/fleet/generate.js';
import { KUBECTL_AVAILABLE } from './helpers/kubectl.js';
import { startReplay, type Replay } from './helpers/replay.js';
import { tempDir } from './helpers/temp.js';

const SCRIPT = path.join(process.cwd(), 'scripts', 'bench', 'kubectl-per-step.sh');

describe.skipIf(!KUBECTL_AVAILABLE)('kubectl-per-step.sh (skipped: kubectl is not on PATH)', () => {
  const dir = tempDir('fleet-kubectl');
  let replay: Replay;
  let run: { exitCode?: number; stdout: string; stderr: string };
  beforeAll(async () => {
    const file = path.join(dir, 'fleet.yaml');
    await generate({ objects: 1500, failures: 12, seed: 5, out: file });
    replay = await startReplay(file);
    // 38 kubectl processes one after another: minutes on a busy 2-core machine, so the bounds are wide.
    const r = await execa('bash', [SCRIPT, '--kubeconfig', replay.kubeconfigPath], { reject: false, timeout: 540_000 });
    run = { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
  }, 600_000);
  afterAll(async () => {
    await replay?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds exactly the injected failures and exits 1', () => {
    expect(run.stdout).toContain('12 objects not ready');
    expect(run.exitCode).toBe(1);
  });

  it('runs one kubectl process per step and reads every input', () => {
    // The count of missing permissions is not asserted: kubectl sends its access reviews as protobuf.
    expect(run.stdout).toMatch(/^38 kubectl processes, \d+ permissions missing/m);
    for (const input of ['gitrepositories', 'ocirepositories', 'helmrepositories', 'helmcharts', 'kustomizations', 'helmreleases', 'fluxinstances', 'fluxreports', 'events']) {
      expect(run.stdout).toMatch(new RegExp(`^${input}: \\d+`, 'm'));
    }
  });

  it('lists collections and asks access reviews, never one request per object', () => {
    const log = replay.requestLog();
    expect(log.every((r) => r.method === 'GET' || r.path.endsWith('/selfsubjectaccessreviews'))).toBe(true);
    const reviews = log.filter((r) => r.method === 'POST');
    expect(reviews).toHaveLength(18);
    // A GET of one named Flux object would be .../RESOURCE/NAME under a namespace.
    const perObject = log.filter((r) => /\/namespaces\/[^/]+\/(gitrepositories|kustomizations|helmreleases|helmcharts)\/[^/]+$/.test(r.path));
    expect(perObject).toEqual([]);
  });

  it('says so and exits 3 when the API server cannot be reached', async () => {
    const dead = path.join(dir, 'dead.kubeconfig');
    fs.writeFileSync(dead, fs.readFileSync(replay.kubeconfigPath, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1'));
    const r = await execa('bash', [SCRIPT, '--kubeconfig', dead], { reject: false, timeout: 110_000 });
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toContain('cannot reach the API server');
  });
});
