// Writes test/reliability-counts.json: how many faults, bad inputs, hostile cases, property runs and planted
// secrets the reliability and security tests exercise, counted from their own case tables.
// Run: node build/run-ts.mjs scripts/reliability-counts.ts
import fs from 'node:fs';
import { scenarios } from '../test/helpers/golden.js';
import { COUNTS_FILE, reliabilityCounts } from '../test/helpers/hostile.js';

const counts = reliabilityCounts(scenarios().length);
fs.writeFileSync(COUNTS_FILE, `${JSON.stringify(counts, null, 2)}\n`);
process.stdout.write(`wrote ${COUNTS_FILE}\n`);
