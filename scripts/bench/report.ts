// The benchmark's table (printed and written into RESULTS.md) and its verdicts against the targets.
import type { Timing } from './measure.js';
import type { MultiResult } from './multi.js';
import type { RequestBreakdown } from './replay.js';
import type { FleetResult, ToolName, ToolResult } from './run.js';
import { PAGE_SIZE } from '../../skill-src/cluster/collect.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  kubectl: string;
  timing: string;
  rss: string;
  /** 1-minute load averages at the start and end of the run: other work on the machine skews timings. */
  load: [number, number];
}

export interface BenchResults {
  quick: boolean;
  date: string;
  durationS: number;
  machine: Machine;
  command: string;
  timed: FleetResult[];
  failing?: FleetResult;
  large?: FleetResult;
  help: { node: Timing; help: Timing };
  bundleBytes: number;
  multi?: MultiResult;
}

const KB = 1024;
const MB = 1e6;

function ms(t: number): string {
  return t >= 10_000 ? `${(t / 1000).toFixed(1)} s` : `${t.toFixed(0)} ms`;
}

function bytes(n: number): string {
  if (n >= MB) return `${(n / MB).toFixed(1)} MB`;
  if (n >= 10 * KB) return `${(n / KB).toFixed(0)} KB`;
  if (n >= KB) return `${(n / KB).toFixed(1)} KB`;
  return `${n} B`;
}

function plural(kind: string): string {
  const k = kind.toLowerCase();
  return k.endsWith('y') ? `${k.slice(0, -1)}ies` : `${k}s`;
}

/** List pages the fleet needs at PAGE_SIZE per page: one per namespaced list, ceil(n/PAGE_SIZE) for cluster-wide. */
export function minimumPages(req: RequestBreakdown, kinds: Record<string, number>): number {
  const counts = new Map(Object.entries(kinds).map(([k, n]) => [plural(k), n]));
  let total = 0;
  for (const p of req.pagesByList.keys()) {
    const resource = p.split('?')[0]?.split('/').pop() ?? '';
    const n = p.includes('/namespaces/') ? 0 : counts.get(resource) ?? 0;
    total += Math.max(1, Math.ceil(n / PAGE_SIZE));
  }
  return total;
}

function tool(f: FleetResult | undefined, name: ToolName): ToolResult | undefined {
  return f?.tools.find((t) => t.tool === name);
}

function requestsCell(r: RequestBreakdown): string {
  const parts = [`${r.lists} lists in ${r.listPages} pages`];
  if (r.accessReviews) parts.push(`${r.accessReviews} access reviews`);
  if (r.other) parts.push(`${r.other} other`);
  return `${r.total} (${parts.join(', ')})`;
}

function fleetLabel(f: FleetResult): string {
  return `${(f.objects / 1000).toFixed(f.objects % 1000 ? 1 : 0)}k${f.failing ? `, ${f.failing} failing` : ''}`;
}

export function mainTable(r: BenchResults): string {
  const rows = ['| Fleet | Run | Wall time, median | Requests | Received | Peak RSS | Output |', '|---|---|---|---|---|---|---|'];
  const fleets = [...r.timed, ...(r.failing ? [r.failing] : []), ...(r.large ? [r.large] : [])];
  for (const f of fleets) {
    for (const t of f.tools) {
      const wall = t.timing ? `${ms(t.timing.medianMs)} (${t.timing.runs} runs)` : `${ms(t.wallMs)} (1 run)`;
      const rss = t.tool.startsWith('kubectl') ? '-' : bytes(t.peakRssBytes);
      if (t.failed) {
        rows.push(`| ${fleetLabel(f)} | ${t.tool} | **run failed**: ${t.failed.replace(/\|/g, '\\|').slice(0, 200)} | - | - | - | - |`);
        continue;
      }
      rows.push(`| ${fleetLabel(f)} | ${t.tool} | ${wall} | ${requestsCell(t.requests)} | ${bytes(t.bytesReceived)} | ${rss} | ${bytes(t.outputBytes)} |`);
    }
  }
  return rows.join('\n');
}

interface TargetRow {
  target: string;
  measured: string;
  met: boolean | undefined;
}

export function targets(r: BenchResults): TargetRow[] {
  const out: TargetRow[] = [];
  const small = r.timed[0];
  const md = tool(small, 'validate.sh markdown');
  const kps = tool(small, 'kubectl-per-step');
  const nodeStart = r.help.node.medianMs;
  const label = small ? `${(small.objects / 1000).toFixed(0)}k` : '?';
  const broken = [...r.timed, ...(r.failing ? [r.failing] : []), ...(r.large ? [r.large] : [])].flatMap((f) => f.tools.filter((t) => t.failed).map((t) => `${fleetLabel(f)} ${t.tool}`));
  if (r.multi?.failed) broken.push(`--all-contexts (${r.multi.failed})`);
  if (broken.length > 0) out.push({ target: 'every run produces a report', measured: `failed: ${broken.join('; ')}`.replace(/\|/g, '\\|').slice(0, 400), met: false });
  for (const f of r.timed) {
    const json = tool(f, 'validate.sh json');
    const kpk = tool(f, 'kubectl-per-kind');
    const floor = tool(f, 'floor');
    const size = `${(f.objects / 1000).toFixed(0)}k`;
    if (json?.timing && kpk?.timing && !json.failed && !kpk.failed) {
      const x = kpk.timing.medianMs / json.timing.medianMs;
      out.push({ target: `${size} objects, 20 ms latency: at least 10x faster than the well-written kubectl-per-kind`, measured: `${x.toFixed(1)}x (${ms(json.timing.medianMs)} vs ${ms(kpk.timing.medianMs)})`, met: x >= 10 });
    }
    if (json?.timing && floor?.timing && !json.failed && !floor.failed) {
      const x = json.timing.medianMs / floor.timing.medianMs;
      out.push({ target: `${size} objects: within 1.3x of the floor (Node, TLS, the same lists unpaginated, JSON.parse)`, measured: `${x.toFixed(2)}x (${ms(json.timing.medianMs)} vs ${ms(floor.timing.medianMs)})`, met: x <= 1.3 });
    }
  }
  if (md?.timing && kps?.timing && !md.failed) {
    const speedup = kps.timing.medianMs / md.timing.medianMs;
    out.push({ target: `${label} objects, ${20} ms latency: at least 10x faster than kubectl-per-step`, measured: `${speedup.toFixed(1)}x (${ms(md.timing.medianMs)} vs ${ms(kps.timing.medianMs)})`, met: speedup >= 10 });
    out.push({ target: `${label} objects: within Node start-up + 250 ms`, measured: `${ms(md.timing.medianMs)} vs ${ms(nodeStart)} + 250 ms = ${ms(nodeStart + 250)}`, met: md.timing.medianMs <= nodeStart + 250 });
  }
  for (const f of [...r.timed, ...(r.large ? [r.large] : [])]) {
    const t = tool(f, 'validate.sh markdown');
    if (!t || t.failed) continue;
    const min = minimumPages(t.requests, f.kinds);
    const perObject = t.requests.total >= f.objects / 10;
    out.push({
      target: `${fleetLabel(f)}: requests = one list per kind + pagination pages + constant access reviews, never one per object`,
      measured: `${t.requests.total}: ${t.requests.lists} lists in ${t.requests.listPages} pages (minimum at ${PAGE_SIZE} per page: ${min}), ${t.requests.accessReviews} access reviews, ${t.requests.other} other`,
      met: t.requests.listPages === min && !perObject,
    });
  }
  const mid = r.timed.find((f) => f.objects >= 20_000) ?? r.timed[r.timed.length - 1];
  const midRss = tool(mid, 'validate.sh markdown');
  if (mid && midRss && !midRss.failed) out.push({ target: `peak RSS under 150 MB at ${(mid.objects / 1000).toFixed(0)}k objects`, measured: bytes(midRss.peakRssBytes), met: mid.objects >= 20_000 ? midRss.peakRssBytes < 150 * MB : undefined });
  const large = tool(r.large, 'validate.sh markdown');
  if (r.large && large && !large.failed) out.push({ target: `peak RSS under 400 MB at ${(r.large.objects / 1000).toFixed(0)}k objects`, measured: bytes(large.peakRssBytes), met: large.peakRssBytes < 400 * MB });
  if (md && !md.failed) out.push({ target: 'markdown report under 4 KB, healthy fleet', measured: `${bytes(md.outputBytes)} (JSON: ${bytes(tool(small, 'validate.sh json')?.outputBytes ?? 0)})`, met: md.outputBytes < 4 * KB });
  const fmd = tool(r.failing, 'validate.sh markdown');
  if (r.failing && fmd && !fmd.failed) out.push({ target: `markdown report under 12 KB with ${r.failing.failing} failures`, measured: `${bytes(fmd.outputBytes)} (JSON: ${bytes(tool(r.failing, 'validate.sh json')?.outputBytes ?? 0)})`, met: fmd.outputBytes < 12 * KB });
  const ratio = r.help.help.medianMs / r.help.node.medianMs;
  out.push({ target: '`--help` within 1.5x of `node -e 0`', measured: `${ratio.toFixed(2)}x (${ms(r.help.help.medianMs)} vs ${ms(r.help.node.medianMs)})`, met: ratio <= 1.5 });
  // The readable build's bound (README, Audit the script): 1.5 MB, since the script is no longer minified.
  out.push({ target: 'file under 1.5 MB (1.5 x 10^6 bytes, readable build)', measured: `${r.bundleBytes.toLocaleString('en-US')} bytes`, met: r.bundleBytes < 1.5 * MB });
  if (r.multi && !r.multi.failed) {
    const m = r.multi;
    out.push({
      target: `${m.clusters.length} clusters with --all-contexts vs the largest alone (no target; concurrency check)`,
      measured: `${ms(m.all.medianMs)} for ${m.clusters.length} clusters (${m.totalObjects.toLocaleString('en-US')} objects) vs ${ms(m.single.medianMs)} for ${m.singleName} alone (${(m.all.medianMs / m.single.medianMs).toFixed(2)}x) and ${ms(m.sequentialMs)} for the ${m.clusters.length} one after the other`,
      met: undefined,
    });
  }
  return out;
}

export function targetTable(r: BenchResults): string {
  const rows = ['| Target | Measured | Met |', '|---|---|---|'];
  for (const t of targets(r)) rows.push(`| ${t.target} | ${t.measured} | ${t.met === undefined ? '-' : t.met ? 'yes' : '**no**'} |`);
  return rows.join('\n');
}

function timelineSection(r: BenchResults): string {
  const rows: string[] = [];
  for (const f of [...r.timed, ...(r.large ? [r.large] : [])]) {
    for (const t of f.tools) {
      if (!t.timeline || t.failed) continue;
      const tl = t.timeline;
      rows.push(`| ${fleetLabel(f)} | ${t.tool} | ${ms(tl.startupMs)} | ${ms(tl.networkMs)} | ${ms(tl.afterMs)} | ${ms(t.wallMs)} |`);
    }
  }
  if (rows.length === 0) return '';
  return [
    'Timeline of each instrumented run, from the relay: start-up until the first byte sent to the server, the network phase until the last byte received, then checks, rendering and exit. For kubectl-per-step every process start falls inside the network phase.',
    '',
    '| Fleet | Run | Start-up | Network phase | After the last byte | Total (1 run) |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function profileSection(r: BenchResults): string {
  const f = r.timed[0];
  const p = f?.profile;
  if (!f || !p) return '';
  const lines = [
    `CPU profile of one markdown run on the ${fleetLabel(f)} fleet (\`node --cpu-prof\` on an unminified build of the same sources, scripts/bench/dev-bundle.ts): ${ms(p.totalMs)} profiled, ${ms(p.idleMs)} idle (waiting on the network), ${ms(p.gcMs)} in garbage collection. Top self time:`,
    '',
    ...p.top.map((t) => `- ${t.selfMs.toFixed(1)} ms \`${t.name}\``),
  ];
  const ph = f.phases;
  if (ph) {
    lines.push(
      '',
      `Phases on the same fleet and server, warm and in-process (median of 5 after a warm-up, scripts/bench/phases.ts): kubeconfig and transport ${ms(ph.prepareMs)}, collection ${ms(ph.collectMs)} (requests, ${20} ms each, and JSON parsing), checks and report ${ms(ph.checksMs)}, markdown rendering ${ms(ph.renderMs)}. Node start-up (\`node -e 0\`) is ${ms(r.help.node.medianMs)}; loading the script (\`--help\`) ${ms(r.help.help.medianMs)}.`,
    );
  }
  return lines.join('\n');
}

export function multiSection(r: BenchResults): string {
  const m = r.multi;
  if (!m) return '';
  return [
    `Many clusters: ${m.clusters.length} replay servers (${LATENCY_TEXT}), one kubeconfig merging their ${m.clusters.length} contexts, \`validate.sh --all-contexts --output markdown --no-probe-ui\`.`,
    '',
    `| Run | Wall time, median | Peak RSS | Output |`,
    '|---|---|---|---|',
    `| --all-contexts, ${m.clusters.length} clusters (${m.clusters.map((c) => `${(c.objects / 1000).toFixed(1)}k`).join(', ')}; ${m.clusters.filter((c) => c.failing > 0).length} with failures) | ${ms(m.all.medianMs)} (${m.all.runs} runs) | ${bytes(m.allPeakRssBytes)} | ${bytes(m.allOutputBytes)}, exit ${m.allExitCode} |`,
    `| --context ${m.singleName} alone (${(m.clusters[m.clusters.length - 1]?.objects ?? 0).toLocaleString('en-US')} objects) | ${ms(m.single.medianMs)} (${m.single.runs} runs) | - | - |`,
    `| each --context alone, one after the other (sum of ${m.clusters.length} single runs) | ${ms(m.sequentialMs)} | - | - |`,
  ].join('\n');
}

const LATENCY_TEXT = '20 ms added latency per request';

export function resultsMarkdown(r: BenchResults): string {
  const m = r.machine;
  return [
    `Measured ${r.date}${r.quick ? ' (BENCH_QUICK=1: smaller fleets, fewer runs)' : ''}, in ${r.durationS.toFixed(0)} s. Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB.toFixed(0)} GiB memory, ${m.os}, Node ${m.node}, kubectl ${m.kubectl}. Timing: ${m.timing}. Peak RSS: ${m.rss}. Load average (1 min) ${m.load[0].toFixed(2)} at the start, ${m.load[1].toFixed(2)} at the end.`,
    '',
    `Command: \`${r.command}\`. Every run goes through the replay API server over HTTPS with ${LATENCY_TEXT}; validate.sh runs as \`bash validate.sh --kubeconfig K --output markdown|json --no-probe-ui\`; kubectl-per-step is \`scripts/bench/kubectl-per-step.sh\` (one kubectl process per step, ${'discovery cached within a run in a fresh `--cache-dir`, never between runs'}); kubectl-per-kind is \`scripts/bench/kubectl-per-kind.sh\` (the well-written baseline: six kubectl calls, several kinds per call, jsonpath, one awk); floor is \`scripts/bench/floor.mjs\` (Node fetching the collections the validate.sh json run fetched, unpaginated, 8 in flight, and JSON.parse, nothing else). Requests are counted from the replay server's request log, bytes received by a TCP relay in front of it (TLS bytes on the wire).`,
    '',
    mainTable(r),
    '',
    targetTable(r),
    '',
    timelineSection(r),
    '',
    profileSection(r),
    '',
    multiSection(r),
    '',
    `\`--help\` cold start: ${ms(r.help.help.medianMs)} median (${r.help.help.runs} runs) vs \`node -e 0\` ${ms(r.help.node.medianMs)}. Bundle: ${r.bundleBytes.toLocaleString('en-US')} bytes.`,
  ]
    .filter((s, i, a) => !(s === '' && a[i - 1] === ''))
    .join('\n');
}
