// `npm run bench`: validate.sh against kubectl-per-step on generated fleets behind the replay server.
// BENCH_QUICK=1 runs a small smoke version (one 2k fleet, few runs, 3 clusters).
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, SCRIPT_PATH } from '../../build/paths.js';
import { CACHE, fleet } from './fleets.js';
import { GNU_TIME, HYPERFINE, timeCommands } from './measure.js';
import { benchMulti } from './multi.js';
import { resultsMarkdown, type BenchResults, type Machine } from './report.js';
import { benchFleet, RSS_RUNS, type FleetResult } from './run.js';

const QUICK = process.env.BENCH_QUICK === '1';
const RESULTS = path.join(ROOT, 'scripts', 'bench', 'RESULTS.md');
const BEGIN = '<!-- bench:begin (written by npm run bench) -->';
const END = '<!-- bench:end -->';

function log(s: string): void {
  process.stderr.write(`${s}\n`);
}

async function version(cmd: string, args: string[]): Promise<string> {
  const r = await execa(cmd, args, { reject: false });
  return r.exitCode === 0 ? r.stdout.split('\n')[0]?.trim() ?? '?' : 'not found';
}

async function machine(): Promise<Machine> {
  const k = await execa('kubectl', ['version', '--client', '-o', 'json'], { reject: false });
  let kubectl = 'not found';
  try {
    kubectl = (JSON.parse(k.stdout) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion ?? '?';
  } catch {
    // not installed, or an unexpected output
  }
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? '?',
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    kubectl,
    timing: HYPERFINE ? `${await version(HYPERFINE, ['--version'])}, 1 warm-up run per command` : "the benchmark's own repetitions (hyperfine not on PATH), 1 warm-up run",
    rss: `${GNU_TIME ? 'GNU time (%M, max resident set size)' : 'VmHWM sampled from /proc every 10 ms'}; for validate.sh, the median of ${RSS_RUNS} runs`,
    load: [os.loadavg()[0] ?? 0, 0],
  };
}

function writeResults(markdown: string): void {
  const block = `${BEGIN}\n${markdown}\n${END}`;
  let text = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, 'utf8') : '# Benchmark results\n\n';
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  text = a >= 0 && b > a ? text.slice(0, a) + block + text.slice(b + END.length) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(RESULTS, text);
}

async function main(): Promise<void> {
  const started = Date.now();
  if (!fs.existsSync(SCRIPT_PATH)) throw new Error(`${SCRIPT_PATH} is missing: run npm run build first (npm run bench does)`);
  const work = path.join(CACHE, 'run');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const m = await machine();
  log(`machine: ${m.cpus} CPUs, ${m.memoryGiB.toFixed(0)} GiB, Node ${m.node}, kubectl ${m.kubectl}; timing: ${m.timing}`);

  const sizes = QUICK ? [{ name: 'fleet-2k', objects: 2000 }] : [{ name: 'fleet-5k', objects: 5000 }, { name: 'fleet-20k', objects: 20_000 }];
  const validateRuns = QUICK ? 3 : 10;
  const kubectlRuns = QUICK ? 2 : 5;

  // Without kubectl there is nothing to compare against; validate.sh is still measured.
  const withKubectl = m.kubectl !== 'not found';
  if (!withKubectl) log('kubectl is not on PATH: kubectl-per-step is skipped');
  const timed: FleetResult[] = [];
  for (const s of sizes) {
    log(`▸ generating ${s.name}`);
    const f = await fleet(s.name, s.objects, 0);
    timed.push(
      await benchFleet(f, s.name, work, {
        // validate.sh json first: its request log is what the floor fetches.
        tools: withKubectl ? ['validate.sh json', 'validate.sh markdown', 'floor', 'kubectl-per-kind', 'kubectl-per-step'] : ['validate.sh json', 'validate.sh markdown', 'floor'],
        runs: { 'validate.sh markdown': validateRuns, 'validate.sh json': validateRuns, floor: validateRuns, 'kubectl-per-kind': validateRuns, 'kubectl-per-step': kubectlRuns },
        profile: s === sizes[0],
      }, log),
    );
  }

  const failName = QUICK ? 'fleet-2k-failing' : 'fleet-5k-failing';
  log(`▸ generating ${failName}`);
  const failFleet = await fleet(failName, QUICK ? 2000 : 5000, 200);
  const failing = await benchFleet(failFleet, failName, work, { tools: ['validate.sh markdown', 'validate.sh json'], runs: {} }, log);

  let large: FleetResult | undefined;
  if (!QUICK) {
    log('▸ generating fleet-100k (peak RSS only)');
    const f = await fleet('fleet-100k', 100_000, 0);
    // A generous deadline: this run measures memory, and 100k objects are far past the 20 s default's intent.
    large = await benchFleet(f, 'fleet-100k', work, { tools: ['validate.sh markdown'], runs: {}, extraArgs: ['--timeout', '300'] }, log);
  }

  log('▸ --help cold start against node -e 0');
  const [nodeT, helpT] = await timeCommands([{ argv: [process.execPath, '-e', '0'] }, { argv: ['bash', SCRIPT_PATH, '--help'] }], QUICK ? 10 : 30, 3);

  const multi = await benchMulti(QUICK ? 3 : 10, QUICK ? 2 : 5, work, log);

  m.load[1] = os.loadavg()[0] ?? 0;
  const results: BenchResults = {
    quick: QUICK,
    date: new Date().toISOString().slice(0, 10),
    durationS: (Date.now() - started) / 1000,
    machine: m,
    command: QUICK ? 'BENCH_QUICK=1 npm run bench' : 'npm run bench',
    timed,
    failing,
    ...(large ? { large } : {}),
    help: { node: nodeT as NonNullable<typeof nodeT>, help: helpT as NonNullable<typeof helpT> },
    bundleBytes: fs.statSync(SCRIPT_PATH).size,
    multi,
  };
  const markdown = resultsMarkdown(results);
  process.stdout.write(`${markdown}\n`);
  fs.writeFileSync(path.join(work, 'results.json'), JSON.stringify(results, (_k, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v), 2));
  if (!QUICK || process.env.BENCH_WRITE === '1') {
    writeResults(markdown);
    log(`wrote ${path.relative(ROOT, RESULTS)}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
