// Starts a replay API server (scripts/replay/main.ts) for a fleet and reads its request log.
import { build } from 'esbuild';
import { execa, type ResultPromise } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { ROOT } from '../../build/paths.js';

export interface ReplayServer {
  kubeconfig: string;
  requestLog: string;
  /** The port the server listens on, from the kubeconfig it wrote. */
  port: number;
  stop(): Promise<void>;
}

export interface KubeconfigDoc {
  apiVersion?: string;
  kind?: string;
  clusters: { name: string; cluster: { server: string; [k: string]: unknown } }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  'current-context'?: string;
  [k: string]: unknown;
}

export function readKubeconfig(file: string): KubeconfigDoc {
  return yaml.load(fs.readFileSync(file, 'utf8')) as KubeconfigDoc;
}

function serverPort(kc: KubeconfigDoc): number {
  const server = kc.clusters[0]?.cluster.server ?? '';
  return Number(new URL(server).port);
}

/** A copy of a kubeconfig whose server is another port on 127.0.0.1 (the byte-counting relay). */
export function rewritePort(from: string, to: string, port: number): void {
  const kc = readKubeconfig(from);
  for (const c of kc.clusters) {
    const u = new URL(c.cluster.server);
    u.port = String(port);
    c.cluster.server = u.toString().replace(/\/$/, '');
  }
  fs.writeFileSync(to, yaml.dump(kc));
}

let compiled: Promise<string> | undefined;

/**
 * The replay server compiled once for the whole benchmark. Starting several through build/run-ts.mjs at
 * the same moment races: each process rewrites the same compiled file while another imports it.
 */
function replayEntry(): Promise<string> {
  compiled ??= (async () => {
    const outfile = path.join(ROOT, '.cache', 'bench', 'replay-server.mjs');
    await build({ entryPoints: [path.join(ROOT, 'scripts', 'replay', 'main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', outfile, logLevel: 'error', define: { __SKILL_VERSION__: 'undefined' } });
    return outfile;
  })();
  return compiled;
}

/** Starts a server, once more if the first exits before it is ready (a busy machine can lose a start). */
export async function startReplay(fixture: string, dir: string, opts: { latencyMs: number; name: string }): Promise<ReplayServer> {
  try {
    return await startReplayOnce(fixture, dir, opts);
  } catch (err) {
    process.stderr.write(`  ! ${err instanceof Error ? err.message : String(err)}; starting it again\n`);
    return startReplayOnce(fixture, dir, opts);
  }
}

async function startReplayOnce(fixture: string, dir: string, opts: { latencyMs: number; name: string }): Promise<ReplayServer> {
  fs.mkdirSync(dir, { recursive: true });
  const kubeconfig = path.join(dir, `${opts.name}.kubeconfig`);
  const requestLog = path.join(dir, `${opts.name}.requests.log`);
  fs.rmSync(kubeconfig, { force: true });
  fs.rmSync(requestLog, { force: true });
  const child: ResultPromise = execa(
    process.execPath,
    [await replayEntry(), fixture, '--kubeconfig-out', kubeconfig, '--latency-ms', String(opts.latencyMs), '--request-log', requestLog],
    { cwd: ROOT, reject: false, buffer: false, stdin: 'ignore', stderr: 'pipe', stdout: 'pipe' },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (out.split('\n').some((l) => l.startsWith('ready'))) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    void child.then((r) => {
      // Rejecting after resolve() is a no-op; a server that ended right after `ready` is dead all the same.
      const said = out.trim() ? `; it printed ${JSON.stringify(out.trim().slice(0, 120))}` : '';
      reject(new Error(`replay server for ${path.basename(fixture)} ended (exit ${String(r.exitCode)}${r.signal ? `, ${r.signal}` : ''})${said}: ${stderr.trim().split('\n').slice(-3).join(' | ') || 'no output on stderr'}`));
    });
  });
  const port = serverPort(readKubeconfig(kubeconfig));
  return {
    kubeconfig,
    requestLog,
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await child;
    },
  };
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

/** Parses the request log: JSON lines ({method, path, query}) or `METHOD PATH[?QUERY]` text lines. */
export function parseRequestLog(text: string): LoggedRequest[] {
  const out: LoggedRequest[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    if (t.startsWith('{')) {
      try {
        const j = JSON.parse(t) as { method?: unknown; path?: unknown; query?: unknown; url?: unknown };
        const method = typeof j.method === 'string' ? j.method : 'GET';
        let p = typeof j.path === 'string' ? j.path : typeof j.url === 'string' ? j.url : '';
        const query: Record<string, string> = {};
        if (typeof j.query === 'string') for (const [k, v] of new URLSearchParams(j.query)) query[k] = v;
        else if (j.query && typeof j.query === 'object') for (const [k, v] of Object.entries(j.query)) query[k] = String(v);
        const q = p.indexOf('?');
        if (q >= 0) {
          for (const [k, v] of new URLSearchParams(p.slice(q + 1))) query[k] = v;
          p = p.slice(0, q);
        }
        out.push({ method, path: p, query });
        continue;
      } catch {
        // fall through to the text form
      }
    }
    const m = /^(?:\S+\s+)?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)/.exec(t);
    if (!m) continue;
    const [p = '', qs = ''] = (m[2] ?? '').split('?');
    out.push({ method: m[1] ?? 'GET', path: p, query: Object.fromEntries(new URLSearchParams(qs)) });
  }
  return out;
}

/** Requests logged since `offset` bytes into the log; returns them and the new offset. */
export function requestsSince(file: string, offset: number): { requests: LoggedRequest[]; offset: number } {
  if (!fs.existsSync(file)) return { requests: [], offset };
  const buf = fs.readFileSync(file);
  return { requests: parseRequestLog(buf.subarray(offset).toString('utf8')), offset: buf.length };
}

export interface RequestBreakdown {
  total: number;
  /** GETs of a collection (a list), first pages and continuation pages. */
  listPages: number;
  /** Distinct collections listed. */
  lists: number;
  continuations: number;
  accessReviews: number;
  /** Discovery, /version and other GETs. */
  other: number;
  /** Most pages any one collection needed. */
  maxPagesPerList: number;
  /** Collection path, with its selectors when it has any (`PATH?labelSelector=...`) -> pages. */
  pagesByList: Map<string, number>;
}

/** Whether a GET path names a collection (…/RESOURCE) rather than a single object or discovery. */
function isCollection(p: string): boolean {
  const segs = p.split('/').filter(Boolean);
  if (segs[0] === 'api') {
    const rest = segs.slice(2); // after api/v1
    return rest.length === 1 || (rest.length === 3 && rest[0] === 'namespaces');
  }
  if (segs[0] === 'apis') {
    const rest = segs.slice(3); // after apis/GROUP/VERSION
    return rest.length === 1 || (rest.length === 3 && rest[0] === 'namespaces');
  }
  return false;
}

export function breakdown(requests: readonly LoggedRequest[]): RequestBreakdown {
  const pagesByList = new Map<string, number>();
  let continuations = 0;
  let accessReviews = 0;
  let other = 0;
  for (const r of requests) {
    if (r.method === 'POST' && r.path.endsWith('/selfsubjectaccessreviews')) accessReviews++;
    else if (r.method === 'GET' && isCollection(r.path) && !r.query.watch) {
      // The same collection listed with two selectors (operator pods, controller pods) is two lists.
      const selectors = new URLSearchParams();
      if (r.query.labelSelector) selectors.set('labelSelector', r.query.labelSelector);
      if (r.query.fieldSelector) selectors.set('fieldSelector', r.query.fieldSelector);
      const key = selectors.size > 0 ? `${r.path}?${selectors.toString()}` : r.path;
      pagesByList.set(key, (pagesByList.get(key) ?? 0) + 1);
      if (r.query.continue) continuations++;
    } else other++;
  }
  const listPages = [...pagesByList.values()].reduce((a, b) => a + b, 0);
  return {
    total: requests.length,
    listPages,
    lists: pagesByList.size,
    continuations,
    accessReviews,
    other,
    maxPagesPerList: Math.max(0, ...pagesByList.values()),
    pagesByList,
  };
}
