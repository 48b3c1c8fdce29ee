// One validation run: options in, report text and exit code out. I/O stays at the edges
// (reading the snapshot or kubeconfig, the network); checks and renderers are pure.
import fs from 'node:fs';
import path from 'node:path';
import type { OutputFormat, ValidateOptions } from '../cli/args.js';
import { CHECKS } from '../checks/registry.js';
import type { InputId } from '../cluster/inputs.js';
import type { ClusterState } from '../cluster/state.js';
import { collect } from '../cluster/collect.js';
import { releaseResponseMemory } from '../cluster/release-memory.js';
import { Limiter } from '../cluster/limiter.js';
import { parseFixture, sidePathFor } from '../cluster/fixture.js';
import { FixtureApi, fixtureUiProbe } from '../cluster/fixture-api.js';
import type { Report } from '../model.js';
import { buildReport } from '../report/build.js';
import type { ConnectionFlags } from '../report/next-step.js';
import { detectMcpClient } from '../mcp/detect-client.js';
import { runChecks } from '../report/run-checks.js';
import { renderJson } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderText } from '../render/text.js';
import { inputError, isUserError } from './errors.js';
import { SNAPSHOT_LIMITS, mib } from '../cluster/limits.js';
import { EXIT } from '../cli/help.js';
import { loadLiveAccess } from './lazy.js';
import { writeRecording } from './record.js';
import { recordTargetProblem } from './record-file.js';
import { renderFleet } from '../render/fleet.js';

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunEnv {
  env: NodeJS.ProcessEnv;
  progress?: ((line: string) => void) | undefined;
  colorAllowed: boolean;
}

/** Clusters of a fleet read at once (each with its own bounded requests in flight). */
export const FLEET_CONCURRENCY = 8;

export function neededInputs(): Set<InputId> {
  return new Set(CHECKS.flatMap((c) => c.needs));
}

export function render(report: Report, format: OutputFormat, color: boolean): string {
  if (format === 'json') return renderJson(report);
  if (format === 'markdown') return renderMarkdown(report);
  return renderText(report, { color });
}

export function exitCodeFor(report: Report): number {
  return report.summary.errors > 0 ? EXIT.errorFindings : EXIT.ok;
}

/** A file's text, refused unread when larger than the snapshot bound. */
function readBoundedFile(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.fstatSync(fd).size > SNAPSHOT_LIMITS.fileBytes) {
      throw inputError(`snapshot file ${file} is larger than ${mib(SNAPSHOT_LIMITS.fileBytes)}`, 'record the cluster with validate.sh --record FILE');
    }
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function readSnapshot(file: string): { text: string; side?: string } {
  let text: string;
  try {
    text = readBoundedFile(file);
  } catch (err) {
    if (isUserError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw inputError(`cannot read snapshot ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? 'unreadable'}`, 'give the path of a YAML file made with --record or kubectl get -o yaml');
  }
  const sidePath = sidePathFor(file);
  return fs.existsSync(sidePath) ? { text, side: readBoundedFile(sidePath) } : { text };
}

export async function snapshotState(opts: ValidateOptions, progress?: (line: string) => void): Promise<ClusterState> {
  const file = opts.snapshot ?? '';
  const { text, side } = readSnapshot(file);
  const fixture = parseFixture(text, side, file);
  const api = new FixtureApi(fixture);
  const state = await collect(api, {
    mode: 'snapshot',
    context: fixture.side.context ?? 'snapshot',
    server: `snapshot:${file.split(/[\\/]/).pop() ?? file}`,
    namespace: opts.namespace,
    needs: neededInputs(),
    deadline: Date.now() + opts.timeoutSeconds * 1000,
    probeUi: opts.probeUi,
    uiProbe: fixtureUiProbe(fixture),
    clock: () => Date.parse(fixture.side.recordedAt ?? '') || Date.now(),
    progress,
  });
  return state;
}

export function reportFor(state: ClusterState, flags: ConnectionFlags = {}, env: NodeJS.ProcessEnv = {}): Report {
  const report = buildReport(state, runChecks(state, CHECKS), flags);
  const client = detectMcpClient(env);
  if (client !== undefined) report.mcpClient = client;
  return report;
}

/**
 * What suggested commands repeat of this run's options: the cluster's context when the run named contexts
 * (--context, --all-contexts), and the kubeconfig given with --kubeconfig, as an absolute path.
 */
export function connectionFlags(opts: ValidateOptions, context: string): ConnectionFlags {
  const flags: ConnectionFlags = {};
  if (opts.contexts.length > 0 || opts.allContexts) flags.context = context;
  if (opts.kubeconfig !== undefined) flags.kubeconfig = path.resolve(opts.kubeconfig);
  return flags;
}

export async function runValidate(opts: ValidateOptions, run: RunEnv): Promise<RunResult> {
  const color = run.colorAllowed && !opts.noColor && !run.env.NO_COLOR && opts.output === 'text';
  if (opts.snapshot !== undefined) {
    const report = reportFor(await snapshotState(opts, run.progress), {}, run.env);
    return { stdout: render(report, opts.output, color), stderr: '', exitCode: exitCodeFor(report) };
  }
  return validateLive(opts, run, color);
}

async function validateLive(opts: ValidateOptions, run: RunEnv, color: boolean): Promise<RunResult> {
  const deadline = Date.now() + opts.timeoutSeconds * 1000;
  // A path --record may not write is refused before the cluster is read.
  const recordProblem = opts.record !== undefined ? recordTargetProblem(opts.record, opts.force === true) : undefined;
  if (recordProblem) throw recordProblem;
  const live = await loadLiveAccess();
  const targets = await live.liveTargets(opts, run.env, deadline);
  const tools = live.detectLocalTools(run.env, Math.min(5000, opts.timeoutSeconds * 1000));
  // A fleet is read a few clusters at a time, and each cluster's state is reduced to its report as soon as it is
  // read: memory follows FLEET_CONCURRENCY clusters, not the whole fleet. --record keeps the one cluster's state.
  const limiter = new Limiter(FLEET_CONCURRENCY);
  let recorded: ClusterState | undefined;
  const reports = await Promise.all(
    targets.map((t) =>
      limiter.run(async () => {
        const state = await collect(t.transport, {
          mode: 'live',
          context: t.context,
          server: t.server,
          namespace: opts.namespace,
          needs: neededInputs(),
          deadline,
          probeUi: opts.probeUi,
          uiProbe: t.uiProbe,
          progress: targets.length === 1 ? run.progress : undefined,
        });
        if (opts.record !== undefined && t === targets[0]) recorded = state;
        releaseResponseMemory();
        return reportFor({ ...state, localTools: await tools }, connectionFlags(opts, t.context), run.env);
      }),
    ),
  );
  const stderr = opts.record !== undefined && recorded ? writeRecording(opts.record, recorded, opts.force === true) : '';
  const [only] = reports;
  if (reports.length === 1 && only) return { stdout: render(only, opts.output, color), stderr, exitCode: exitCodeFor(only) };
  const exitCode = reports.some((r) => exitCodeFor(r) !== EXIT.ok) ? EXIT.errorFindings : EXIT.ok;
  return { stdout: renderFleet(reports, opts.output, color), stderr, exitCode };
}
