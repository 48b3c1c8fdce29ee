// End to end: the BUILT validate.sh against the replay server, through a real kubeconfig over HTTPS.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SSAR_PATH } from '../skill-src/cluster/fixture-api.js';
import { ROOT } from '../build/paths.js';
import { runScript } from './helpers/built.js';
import { startReplay, type Replay } from './helpers/replay.js';
import { AMPLE_TIMEOUT_S } from './helpers/timeouts.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'replay-basic.yaml');

describe('validate.sh against the replay server', () => {
  let replay: Replay;
  let result: { stdout: string; stderr: string; exitCode: number };
  beforeAll(async () => {
    replay = await startReplay(FIXTURE);
    result = await runScript(['--kubeconfig', replay.kubeconfigPath, '--output', 'json', '--timeout', String(AMPLE_TIMEOUT_S)], { env: { NO_COLOR: '1' } });
  });
  afterAll(async () => replay.close());

  it('connects and reports the recorded server version and context', () => {
    expect([0, 1], result.stderr).toContain(result.exitCode);
    const report = JSON.parse(result.stdout) as { cluster: { version?: string; context: string; server: string; mode: string } };
    expect(report.cluster).toMatchObject({ version: 'v1.31.4', context: 'replay-basic', server: replay.url, mode: 'live' });
  });

  it('only reads: GET requests plus SelfSubjectAccessReviews, and never Secrets', () => {
    const log = replay.requestLog();
    expect(log.length).toBeGreaterThan(10);
    const writes = log.filter((r) => r.method !== 'GET' && !(r.method === 'POST' && r.path === SSAR_PATH));
    expect(writes).toEqual([]);
    expect(log.some((r) => r.method === 'POST' && r.path === SSAR_PATH)).toBe(true);
    expect(log.filter((r) => /\/secrets(\/|$)/.test(r.path))).toEqual([]);
  });

  it('lists Flux objects paginated, starting from /version and discovery', () => {
    const log = replay.requestLog();
    expect(log.slice(0, 2).map((r) => r.path).sort()).toEqual(['/apis', '/version']);
    const ks = log.find((r) => r.path === '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations');
    expect(ks?.query.limit).toMatch(/^\d+$/);
  });
});
