// Benchmark fleets, generated once into .cache/bench/fleets and reused while the generator is unchanged.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../build/paths.js';
import { generate } from '../fleet/generate.js';
import type { FleetSummary } from '../fleet/fleet.js';

export const CACHE = path.join(ROOT, '.cache', 'bench');

export interface FleetFile {
  file: string;
  summary: FleetSummary;
}

function generatorHash(): string {
  const h = crypto.createHash('sha256');
  const dir = path.join(ROOT, 'scripts', 'fleet');
  for (const f of fs.readdirSync(dir).sort()) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

let hash: string | undefined;

export async function fleet(name: string, objects: number, failures: number, seed = 1): Promise<FleetFile> {
  if (hash === undefined) {
    hash = generatorHash();
    // Fleets of an older generator are never read again.
    const root = path.join(CACHE, 'fleets');
    if (fs.existsSync(root)) for (const d of fs.readdirSync(root)) if (d !== hash) fs.rmSync(path.join(root, d), { recursive: true, force: true });
  }
  const dir = path.join(CACHE, 'fleets', hash);
  const file = path.join(dir, `${name}.yaml`);
  const summaryFile = path.join(dir, `${name}.summary.json`);
  if (fs.existsSync(file) && fs.existsSync(summaryFile)) {
    const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as FleetSummary;
    if (summary.objects === objects && summary.seed === seed) return { file, summary };
  }
  const summary = await generate({ objects, failures, seed, out: file, context: name });
  fs.writeFileSync(summaryFile, JSON.stringify(summary));
  return { file, summary };
}
