// Command-line arguments of the replay server.
import { parseFault } from './faults.js';
import type { ReplayOptions } from './server.js';

export const USAGE = 'usage: npm run replay -- FIXTURE --kubeconfig-out FILE [--port N] [--latency-ms N] [--fault SPEC]... [--request-log FILE]';

export interface Args {
  fixture: string;
  kubeconfigOut: string;
  options: ReplayOptions;
}

export function parseArgs(argv: readonly string[]): Args {
  let fixture: string | undefined;
  let kubeconfigOut: string | undefined;
  const options: ReplayOptions = {};
  const faults: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const count = (v: string): number => {
      if (!/^\d+$/.test(v)) throw new Error(`${flag} needs a whole number, got ${JSON.stringify(v)}`);
      return Number(v);
    };
    if (flag === '--kubeconfig-out') kubeconfigOut = value();
    else if (flag === '--port') options.port = count(value());
    else if (flag === '--latency-ms') options.latencyMs = count(value());
    else if (flag === '--request-log') options.requestLog = value();
    else if (flag === '--fault') {
      const spec = value();
      parseFault(spec);
      faults.push(spec);
    } else if (flag.startsWith('-')) throw new Error(`unknown option ${flag}`);
    else if (fixture === undefined) fixture = arg;
    else throw new Error(`unexpected argument ${JSON.stringify(arg)}`);
  }
  if (!fixture) throw new Error('the fixture file is missing');
  if (!kubeconfigOut) throw new Error('--kubeconfig-out FILE is required');
  if (faults.length > 0) options.faults = faults;
  return { fixture, kubeconfigOut, options };
}
