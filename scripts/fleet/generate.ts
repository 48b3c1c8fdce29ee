// Large-fleet fixture generator (deterministic for a seed).
//   node build/run-ts.mjs scripts/fleet/generate.ts --objects 5000 --failures 0 --out DIR/fleet-5k.yaml [--seed N] [--context NAME]
// Prints a JSON summary (objects, namespaces, failing objects, root causes, counts by kind) on stdout.
import path from 'node:path';
import { generateFleet, type FleetSummary } from './fleet.js';
import { writeFleet } from './write.js';

export interface GenerateArgs {
  objects: number;
  failures: number;
  seed: number;
  out: string;
  context?: string;
}

const USAGE = 'usage: generate.ts --objects N [--failures N] [--seed N] [--context NAME] --out FILE.yaml';

export function parseGenerateArgs(argv: readonly string[]): GenerateArgs | string {
  const args: Partial<GenerateArgs> = { failures: 0, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) return `${flag} needs a value; ${USAGE}`;
    i++;
    const n = Number(value);
    switch (flag) {
      case '--objects':
      case '--failures':
      case '--seed':
        if (!Number.isInteger(n) || n < 0) return `${flag} needs a non-negative integer, got ${JSON.stringify(value)}`;
        args[flag.slice(2) as 'objects' | 'failures' | 'seed'] = n;
        break;
      case '--out':
        args.out = value;
        break;
      case '--context':
        args.context = value;
        break;
      default:
        return `unknown option ${JSON.stringify(flag)}; ${USAGE}`;
    }
  }
  if (args.objects === undefined || args.out === undefined) return USAGE;
  return args as GenerateArgs;
}

export async function generate(args: GenerateArgs): Promise<FleetSummary> {
  const fleet = generateFleet(args);
  const context = args.context ?? path.basename(args.out).replace(/\.ya?ml$/i, '');
  await writeFleet(args.out, fleet.objects, context);
  return fleet.summary;
}

async function main(): Promise<void> {
  const args = parseGenerateArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n`);
    process.exit(2);
  }
  try {
    const summary = await generate(args);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

// Run only as a script, not when imported by the benchmark or tests.
if (process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join('scripts', 'fleet', 'generate.ts'))) await main();
