// Every registered check carries its weight: a unit test file, a golden scenario where it does not
// pass, and a reference.md section for every reason it can emit (the hints link there).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../skill-src/checks/registry.js';
import { ROOT } from '../build/paths.js';
import { GOLDEN_DIR } from './helpers/golden.js';

const reference = fs.readFileSync(path.join(ROOT, 'reference.md'), 'utf8');
const headings = new Set([...reference.matchAll(/^###\s+`?([A-Za-z0-9-]+)`?\s*$/gm)].map((m) => m[1]));

interface GoldenReport {
  checks: { id: string; status: string }[];
}

function goldenStatuses(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (!fs.existsSync(GOLDEN_DIR)) return out;
  for (const f of fs.readdirSync(GOLDEN_DIR).filter((x) => x.endsWith('.json'))) {
    const r = JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, f), 'utf8')) as GoldenReport;
    for (const c of r.checks) {
      const set = out.get(c.id) ?? new Set<string>();
      set.add(c.status);
      out.set(c.id, set);
    }
  }
  return out;
}

describe('check catalogue', () => {
  it('has stable, unique, kebab-case ids in the documented order', () => {
    expect(CHECKS.map((c) => c.id)).toEqual(['connectivity', 'operator', 'instance', 'controllers', 'sources', 'kustomizations', 'helmreleases', 'resourcesets', 'image-automation', 'artifacts', 'notifications', 'workloads', 'flux-ui', 'events', 'practices', 'local-tools']);
  });

  for (const check of CHECKS) {
    describe(check.id, () => {
      it('has a unit test file', () => {
        expect(fs.existsSync(path.join(ROOT, 'test', 'checks', `${check.id}.test.ts`))).toBe(true);
      });

      it('does not pass in at least one golden scenario', () => {
        const statuses = goldenStatuses().get(check.id) ?? new Set<string>();
        expect([...statuses].some((s) => s === 'fail' || s === 'warn' || (check.id === 'local-tools' && s === 'skip'))).toBe(true);
      });

      it('declares its reasons, each documented in reference.md under a ### heading', () => {
        expect(check.reasons.length).toBeGreaterThan(0);
        const undocumented = check.reasons.filter((r) => !headings.has(r));
        expect(undocumented).toEqual([]);
      });
    });
  }
});
