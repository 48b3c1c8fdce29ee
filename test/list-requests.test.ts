// validate.sh --list-requests, on the BUILT script: the list an agent audits is what actually goes on the
// wire. Every request the replay server logs, in every scenario, fits one listed template (method, path and
// query), and every listed API-server template is sent in some scenario, so the list holds nothing invented.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathMatches, type RequestTemplate } from '../skill-src/app/list-requests.js';
import { runScript } from './helpers/built.js';
import { cleanEnv, scenarios } from './helpers/golden.js';
import { startReplay, type LoggedRequest } from './helpers/replay.js';

let templates: RequestTemplate[] = [];
const used = new Set<RequestTemplate>();
let ran = 0;

beforeAll(async () => {
  const r = await runScript(['--list-requests', '--output', 'json'], { env: cleanEnv() });
  expect(r.exitCode, r.stderr).toBe(0);
  templates = (JSON.parse(r.stdout) as { requests: RequestTemplate[] }).requests;
});

/** The templates a logged request fits: same method and path shape, only listed query keys, fixed values equal. */
function fitting(req: LoggedRequest): RequestTemplate[] {
  return templates.filter(
    (t) =>
      t.target === 'api-server' &&
      t.method === req.method &&
      pathMatches(t.path, req.path) &&
      Object.entries(req.query).every(([k, v]) => {
        const want = t.query[k];
        return want !== undefined && (/^\{[a-z]+\}$/.test(want) || want === v);
      }),
  );
}

describe('validate.sh --list-requests', () => {
  it('prints a text list naming each method, path and reason, and says what is never sent', async () => {
    const r = await runScript(['--list-requests'], { env: cleanEnv() });
    expect(r.exitCode).toBe(0);
    for (const t of templates) {
      expect(r.stdout).toContain(`${t.method} ${t.path}`);
      expect(r.stdout).toContain(t.reason);
    }
    expect(r.stdout).toMatch(/no PUT, PATCH or DELETE/);
  });

  it('lists only reads: GET, and POST only for the SelfSubjectAccessReview; no Secret or ConfigMap path', () => {
    expect(templates.length).toBeGreaterThan(10);
    for (const t of templates) {
      expect(['GET', 'POST'], t.path).toContain(t.method);
      if (t.method === 'POST') expect(t.path).toBe('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
      expect(t.path).not.toMatch(/secrets|configmaps/);
      expect(t.reason.length, t.path).toBeGreaterThan(10);
    }
  });

  it('pathMatches: a placeholder fits exactly one segment', () => {
    expect(pathMatches('/api/v1/namespaces/{namespace}/pods', '/api/v1/namespaces/flux-system/pods')).toBe(true);
    expect(pathMatches('/api/v1/namespaces/{namespace}/pods', '/api/v1/namespaces/a/b/pods')).toBe(false);
    expect(pathMatches('/api/v1/namespaces/{namespace}/pods', '/api/v1/namespaces/x/secrets')).toBe(false);
  });
});

describe.concurrent('every request sent in every scenario is on the list', () => {
  const all = scenarios();
  afterAll(() => {
    if (ran < all.length) return; // a filtered run (-t) cannot speak for the whole list
    // Every API-server template was sent somewhere: the list is exactly what the script can send.
    const unused = templates.filter((t) => t.target === 'api-server' && !used.has(t)).map((t) => `${t.method} ${t.path}`);
    expect(unused).toEqual([]);
  });
  for (const s of all) {
    it(s.name, async () => {
      const replay = await startReplay(s.fixture);
      let log: LoggedRequest[];
      try {
        // The outcome is not asserted here, only what went on the wire; a generous timeout lets every list go out.
        await runScript(['--kubeconfig', replay.kubeconfigPath, '--output', 'json', '--timeout', '30'], { env: cleanEnv(), timeoutMs: 90_000 });
        log = replay.requestLog();
      } finally {
        await replay.close();
      }
      expect(log.length).toBeGreaterThan(0);
      ran++;
      for (const req of log) {
        const fits = fitting(req);
        expect(fits.length, `${req.method} ${req.path}?${new URLSearchParams(req.query).toString()} is not on the list`).toBeGreaterThan(0);
        for (const t of fits) used.add(t);
      }
    }, 120_000);
  }
});
