// --record round trip: record a cluster through the replay server, validate the recording offline,
// get the same findings. The recording holds what the validator read, and no credentials.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from './helpers/built.js';
import { SCENARIO_DIR, cleanEnv, withoutKubeconfigFlag } from './helpers/golden.js';
import { startReplay } from './helpers/replay.js';
import { tempDir } from './helpers/temp.js';
import { AMPLE_TIMEOUT_S, ONE_HANG_TIMEOUT_S } from './helpers/timeouts.js';

interface JsonReport {
  verdict: string;
  checks: { id: string; status: string; findings: unknown[] }[];
}

const clusterFindings = (stdout: string): unknown =>
  (JSON.parse(withoutKubeconfigFlag(stdout)) as JsonReport).checks.filter((c) => c.id !== 'local-tools').map((c) => ({ id: c.id, status: c.status, findings: c.findings }));

describe('--record round trip', () => {
  for (const name of ['healthy', 'git-auth-failure', 'dependency-chain', 'access-one-namespace', 'ui-sso-401', 'fluxreport-missing', 'older-flux-v1beta2', 'hostile-text']) {
    it(`${name}: the recording validates offline to the same findings`, async () => {
      const server = await startReplay(path.join(SCENARIO_DIR, `${name}.yaml`));
      const dir = tempDir('record');
      const file = path.join(dir, 'cluster.yaml');
      try {
        const live = await runScript(['--kubeconfig', server.kubeconfigPath, '--output', 'json', '--record', file, '--timeout', String(AMPLE_TIMEOUT_S)], { env: cleanEnv() });
        expect([0, 1]).toContain(live.exitCode);
        expect(live.stderr).toContain(`to ${file}`);
        const offline = await runScript(['--snapshot', file, '--output', 'json'], { env: cleanEnv() });
        expect(offline.exitCode, offline.stderr).toBe(live.exitCode);
        expect(clusterFindings(offline.stdout)).toEqual(clusterFindings(live.stdout));

        const recording = fs.readFileSync(file, 'utf8') + fs.readFileSync(path.join(dir, 'cluster.side.yaml'), 'utf8');
        expect(recording).not.toMatch(/^\s*kind:\s*Secret\s*$/m);
        expect(recording).not.toContain('PLANTED');
        const token = /token:\s*(\S+)/.exec(fs.readFileSync(server.kubeconfigPath, 'utf8'))?.[1] ?? 'no-token-found';
        expect(recording).not.toContain(token);
      } finally {
        await server.close();
      }
    });
  }

  it('lists that failed while recording fail the same way offline (api-timeouts)', async () => {
    const server = await startReplay(path.join(SCENARIO_DIR, 'api-timeouts.yaml'));
    const dir = tempDir('record');
    const file = path.join(dir, 'cluster.yaml');
    try {
      // No UI probe: in this run it would only time out behind the hung lists, which a recording cannot carry.
      const live = await runScript(['--kubeconfig', server.kubeconfigPath, '--output', 'json', '--record', file, '--timeout', String(ONE_HANG_TIMEOUT_S), '--no-probe-ui', '--timeout', String(AMPLE_TIMEOUT_S)], { env: cleanEnv() });
      expect(live.exitCode).toBe(1);
      expect(live.stderr).toMatch(/lists that failed are marked in the side data .*kustomizations \(timeout\)/);
      const offline = await runScript(['--snapshot', file, '--output', 'json', '--no-probe-ui', '--timeout', String(AMPLE_TIMEOUT_S)], { env: cleanEnv() });
      expect(offline.exitCode).toBe(1);
      expect(clusterFindings(offline.stdout)).toEqual(clusterFindings(live.stdout));
    } finally {
      await server.close();
    }
  });

  it('more hung reads than requests in flight: whichever reads timed out, queued or sent, replay the same', async () => {
    // Ten resources hang (twelve reads, more than the eight in flight), and the operator's own Deployment list is read
    // fine while the controllers' is not: the replay must fail exactly those reads, with the same words.
    const hung = ['kustomizations', 'helmreleases', 'pods', 'events', 'gitrepositories', 'fluxreports', 'services', 'endpointslices', 'receivers'];
    const faults = [...hung.map((r) => `*/${r}=hang`), '/apis/apps/v1/namespaces/*/deployments=hang'];
    const server = await startReplay(path.join(SCENARIO_DIR, 'healthy.yaml'), { faults });
    const file = path.join(tempDir('record'), 'cluster.yaml');
    try {
      const live = await runScript(['--kubeconfig', server.kubeconfigPath, '--output', 'json', '--record', file, '--timeout', String(ONE_HANG_TIMEOUT_S), '--no-probe-ui'], { env: cleanEnv() });
      expect(live.exitCode, live.stderr).toBe(1);
      expect(live.stderr).toMatch(/deployments \[app\.kubernetes\.io\/part-of=flux\] \(timeout\)/);
      expect(live.stderr).not.toMatch(/deployments \[app\.kubernetes\.io\/name=flux-operator\]/);
      const offline = await runScript(['--snapshot', file, '--output', 'json', '--no-probe-ui'], { env: cleanEnv() });
      expect(offline.exitCode).toBe(1);
      expect(JSON.stringify(clusterFindings(offline.stdout), null, 1)).toBe(JSON.stringify(clusterFindings(live.stdout), null, 1));
    } finally {
      await server.close();
    }
  });

  it('a recording path that cannot be written is a usage error, after the report', async () => {
    const server = await startReplay(path.join(SCENARIO_DIR, 'healthy.yaml'));
    try {
      const r = await runScript(['--kubeconfig', server.kubeconfigPath, '--record', '/nonexistent-dir/x.yaml', '--no-probe-ui', '--timeout', String(AMPLE_TIMEOUT_S)], { env: cleanEnv() });
      expect(r.exitCode).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('cannot write recording /nonexistent-dir/x.yaml');
    } finally {
      await server.close();
    }
  });
});
