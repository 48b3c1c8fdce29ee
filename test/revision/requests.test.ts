// revision --wait against a live (replay) cluster, in-process with an injected clock: every read is the
// validator's own collection, so every request it sends is on the --list-requests list, and it reads again.
import { describe, expect, it } from 'vitest';
import { pathMatches, requestTemplates } from '../../skill-src/app/list-requests.js';
import { startReplay } from '../helpers/replay.js';
import { NEW_COMMIT, fetchedNotApplied, patchedScenario } from '../helpers/revision.js';
import { fakeClock, runIn } from './run.js';

describe('revision --wait on a live cluster', () => {
  it('polls with listed GET/LIST requests only, once per read, and ends timed out (3)', async () => {
    const replay = await startReplay(patchedScenario('healthy', fetchedNotApplied));
    try {
      const clock = fakeClock();
      const r = await runIn([NEW_COMMIT, '--wait', '--timeout', '12', '--kubeconfig', replay.kubeconfigPath, '-o', 'json'], undefined, clock);
      expect(r.exitCode, r.stderr).toBe(3);
      expect(JSON.parse(r.stdout).wait).toEqual({ end: 'timed-out', reads: 3, timeoutSeconds: 12 });
      const log = replay.requestLog();
      const templates = requestTemplates().filter((t) => t.target === 'api-server');
      for (const req of log) {
        const fits = templates.filter((t) => t.method === req.method && pathMatches(t.path, req.path) && Object.keys(req.query).every((k) => t.query[k] !== undefined));
        expect(fits.length, `${req.method} ${req.path} is not on the list`).toBeGreaterThan(0);
        expect(req.path).not.toMatch(/secrets/);
      }
      // Three reads: the Kustomization list went out three times.
      expect(log.filter((q) => q.method === 'GET' && q.path.endsWith('/kustomizations')).length).toBe(3);
      expect(log.every((q) => q.method === 'GET' || q.path.endsWith('/selfsubjectaccessreviews'))).toBe(true);
    } finally {
      await replay.close();
    }
  }, 60_000);
});
