// The counts the README's Reliability section quotes come from the tests' own case tables; this keeps the
// committed file in step with them (regenerate with node build/run-ts.mjs scripts/reliability-counts.ts).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarios } from './helpers/golden.js';
import { COUNTS_FILE, plantedSecrets, reliabilityCounts } from './helpers/hostile.js';

describe('reliability counts', () => {
  it('test/reliability-counts.json matches the case tables', () => {
    const expected = reliabilityCounts(scenarios().length);
    expect(JSON.parse(fs.readFileSync(COUNTS_FILE, 'utf8'))).toEqual(expected);
  });

  it('the hostile-text scenario still plants its four secrets, so the leak tests look for something', () => {
    const planted = plantedSecrets();
    expect(planted).toHaveLength(4);
    const fixture = fs.readFileSync(scenarios().find((s) => s.name === 'hostile-text')?.fixture ?? '', 'utf8');
    for (const p of planted) expect(fixture.split('\n').filter((l) => !l.startsWith('#')).join('\n')).toContain(p);
  });
});
