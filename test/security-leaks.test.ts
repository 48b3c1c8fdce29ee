// Read-only proof and nothing leaked, on the BUILT validate.sh, for every scenario: live through the replay
// server (whose request log shows every request) and from the snapshot, in every output format, with
// --record. Only GET, SelfSubjectAccessReview creates and the UI port-forward; never a Secret; none of the
// planted secrets, credential-looking environment values, the bearer token or URL credentials in any output.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCerts } from '../scripts/replay/certs.js';
import { SSAR_PATH } from '../skill-src/cluster/fixture-api.js';
import { INPUTS } from '../skill-src/cluster/inputs.js';
import { runScript, type ScriptResult } from './helpers/built.js';
import { cleanEnv, scenarios } from './helpers/golden.js';
import {
  ENV_SECRETS,
  HEALTHY,
  URL_CREDENTIALS,
  URL_PASSWORD,
  closedPort,
  editKubeconfig,
  kubeconfigToken,
  noiseLines,
  plantedSecrets,
} from './helpers/hostile.js';
import { startReplay, type LoggedRequest } from './helpers/replay.js';
import { tempDir } from './helpers/temp.js';
import { AMPLE_TIMEOUT_S, timeoutFor } from './helpers/timeouts.js';

const FORMATS = ['text', 'markdown', 'json'] as const;
/** Connectivity reasons that mean nothing could be read. */
const CONNECTION_LOST = ['ApiServerUnreachable', 'TlsHandshakeFailed', 'Unauthorized', 'ApiServerTimeout'];
const PORTFORWARD = /^\/api\/v1\/namespaces\/[^/]+\/pods\/[^/]+\/portforward$/;

const env = (): NodeJS.ProcessEnv => ({ ...cleanEnv(), ...ENV_SECRETS });

let planted: string[] = [];
beforeAll(() => {
  planted = plantedSecrets();
});

/** Every secret string that must not appear, with a name for the failure message. */
function forbidden(extra: Record<string, string> = {}): [string, string][] {
  return [
    ...planted.map((p): [string, string] => [`planted ${p}`, p]),
    ['the word PLANTED', 'PLANTED'],
    ...Object.entries(ENV_SECRETS).map(([k, v]): [string, string] => [`env ${k}`, v]),
    ...Object.entries(extra),
  ];
}

function expectNoLeak(where: string, text: string, extra: Record<string, string> = {}): void {
  for (const [name, secret] of forbidden(extra)) expect(text.includes(secret), `${name} leaked in ${where}`).toBe(false);
  expect(text, `URL credentials in ${where}`).not.toMatch(URL_CREDENTIALS);
}

function expectReadOnly(log: readonly LoggedRequest[]): void {
  expect(log.length).toBeGreaterThan(0);
  for (const r of log) {
    const allowed = r.method === 'GET' || (r.method === 'POST' && r.path === SSAR_PATH);
    expect(allowed, `${r.method} ${r.path}`).toBe(true);
    if (r.path.endsWith('/portforward')) expect(r.path).toMatch(PORTFORWARD);
    expect(`${r.path}?${JSON.stringify(r.query)}`, 'a request mentions secrets').not.toMatch(/secret/i);
  }
}

function expectClean(where: string, r: ScriptResult, extra: Record<string, string> = {}): void {
  expect(noiseLines(r.stderr), `${where}: ${r.stderr}`).toEqual([]);
  expect([0, 1], `${where}: ${r.stderr}`).toContain(r.exitCode);
  expectNoLeak(`${where} stdout`, r.stdout, extra);
  expectNoLeak(`${where} stderr`, r.stderr, extra);
}

describe.concurrent('every scenario, live and snapshot, every format, and --record', () => {
  for (const s of scenarios()) {
    it(s.name, async () => {
      const replay = await startReplay(s.fixture);
      const dir = tempDir('rel-record');
      const recording = path.join(dir, `${s.name}.yaml`);
      let live: ScriptResult[];
      let token: string;
      try {
        token = kubeconfigToken(replay.kubeconfigPath);
        live = await Promise.all(
          FORMATS.map((f) =>
            runScript(['--kubeconfig', replay.kubeconfigPath, '--output', f, '--timeout', String(timeoutFor(s.side.faults)), ...(f === 'json' ? ['--record', recording] : [])], { env: env() }),
          ),
        );
        expectReadOnly(replay.requestLog());
      } finally {
        await replay.close();
      }
      const extra = { 'bearer token': token };
      live.forEach((r, i) => expectClean(`live ${FORMATS[i] ?? ''}`, r, extra));

      const snaps = await Promise.all(FORMATS.map((f) => runScript(['--snapshot', s.fixture, '--output', f], { env: env() })));
      snaps.forEach((r, i) => expectClean(`snapshot ${FORMATS[i] ?? ''}`, r, extra));

      // The recording: no Secret, no credential, and it replays. A cluster that could not be used is not recorded
      // (an empty recording would replay as a cluster without Flux).
      const report = JSON.parse(live[2]?.stdout ?? '') as { checks: { id: string; findings: { reason: string; message: string; resource: { kind: string } }[] }[] };
      const unusable = report.checks.find((c) => c.id === 'connectivity')?.findings.some((f) => CONNECTION_LOST.includes(f.reason)) ?? false;
      if (unusable) {
        expect(fs.existsSync(recording)).toBe(false);
        expect(live[2]?.stderr).toMatch(/^nothing recorded to /m);
        return;
      }
      expect(live[2]?.stderr).toMatch(/^recorded \d+ objects/m);
      // Lists that failed on the wire are marked in the side data and named on stderr, by resource (plural).
      const unread = report.checks.flatMap((c) => c.findings).filter((f) => f.reason === 'ReadTimeout' || f.reason === 'ReadFailed');
      for (const f of unread) {
        const resource = Object.values(INPUTS).find((i) => i.kind === f.resource.kind)?.resource ?? `no input lists ${f.resource.kind}`;
        expect(live[2]?.stderr).toMatch(new RegExp(`^lists that failed are marked .*\\b${resource}\\b`, 'm'));
      }
      if (unread.length === 0) expect(live[2]?.stderr).not.toMatch(/lists that failed/);
      const side = recording.replace(/\.yaml$/, '.side.yaml');
      const recorded = `${fs.readFileSync(recording, 'utf8')}\n${fs.readFileSync(side, 'utf8')}`;
      expect(recorded).not.toMatch(/^\s*-?\s*kind:\s*Secret\s*$/m);
      expectNoLeak('the recording', recorded, extra);
      const replayed = await runScript(['--snapshot', recording, '--output', 'json'], { env: env() });
      expectClean('snapshot of the recording', replayed, extra);
      const replayedReport = JSON.parse(replayed.stdout) as typeof report;
      // The replay fails exactly the reads the live run could not make, whichever they were.
      const reasons = (r: typeof report): string[] =>
        r.checks.flatMap((c) => c.findings).filter((f) => f.reason === 'ReadTimeout' || f.reason === 'ReadFailed').map((f) => `${f.reason} ${f.resource.kind} ${f.message}`).sort();
      expect(reasons(replayedReport)).toEqual(reasons(report));
    });
  }
});

describe.concurrent('credentials in the kubeconfig', () => {
  it('a password in the server URL (https://user:pass@host) is never printed, connected or refused', async () => {
    const replay = await startReplay(HEALTHY);
    try {
      const port = await closedPort();
      const withPassword = (host: string): string =>
        editKubeconfig(replay.kubeconfigPath, (kc) => {
          for (const c of kc.clusters) c.cluster.server = `https://deploy-bot:${URL_PASSWORD}@${host}`;
        });
      const ok = withPassword(new URL(replay.url).host);
      const refused = withPassword(`127.0.0.1:${port}`);
      const runs = await Promise.all(
        [ok, refused].flatMap((kc) => FORMATS.map((f) => runScript(['--kubeconfig', kc, '--output', f, '--timeout', String(AMPLE_TIMEOUT_S), '--no-probe-ui'], { env: env() }))),
      );
      runs.forEach((r, i) => expectClean(`run ${i}`, r, { 'URL password': URL_PASSWORD, 'URL user': 'deploy-bot:' }));
      expect(runs[2]?.stdout).toContain('"server": "https://127.0.0.1:');
    } finally {
      await replay.close();
    }
  });

  it('a client key in the kubeconfig is never printed, even when TLS fails', async () => {
    const replay = await startReplay(HEALTHY);
    try {
      const other = makeCerts();
      const keyB64 = Buffer.from(other.keyPem).toString('base64');
      const withKey = (mismatch: boolean): string =>
        editKubeconfig(replay.kubeconfigPath, (kc) => {
          for (const u of kc.users) Object.assign(u.user, { 'client-certificate-data': Buffer.from(other.certPem).toString('base64'), 'client-key-data': keyB64 });
          if (mismatch) for (const c of kc.clusters) c.cluster['certificate-authority-data'] = Buffer.from(other.caPem).toString('base64');
        });
      const keyBody = other.keyPem.split('\n').filter((l) => l.length > 0 && !l.startsWith('-----'));
      const runs = await Promise.all([withKey(false), withKey(true)].map((kc) => runScript(['--kubeconfig', kc, '--output', 'json', '--timeout', String(AMPLE_TIMEOUT_S), '--no-probe-ui'], { env: env() })));
      for (const r of runs) {
        expectClean('client key run', r, { 'client key (base64)': keyB64.slice(0, 40), 'bearer token': kubeconfigToken(replay.kubeconfigPath) });
        expect(`${r.stdout}${r.stderr}`).not.toMatch(/PRIVATE KEY/);
        for (const line of keyBody.slice(0, 3)) expect(`${r.stdout}${r.stderr}`).not.toContain(line);
      }
    } finally {
      await replay.close();
    }
  });
});
