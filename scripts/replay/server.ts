// The replay API server: a recorded cluster (FixtureApi) over HTTPS with a generated CA and a bearer token,
// plus what kubectl needs on top (aggregated discovery, Table output), pods/portforward to a stand-in Flux
// UI, fault injection and a request log.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import yaml from 'js-yaml';
import { WebSocketServer } from 'ws';
import type { FailedList, Fixture } from '../../skill-src/cluster/fixture.js';
import { FixtureApi, failedListFor, recordedUiAnswers } from '../../skill-src/cluster/fixture-api.js';
import type { ApiResponse } from '../../skill-src/cluster/transport.js';
import { serverCerts } from './certs.js';
import { aggregatedDiscovery, contentType, wantsAggregated } from './discovery.js';
import { Faults, type FaultAction } from './faults.js';
import { PROTOBUF, accessReviewFromProtobuf } from './protobuf.js';
import { PORTFORWARD_PROTOCOL, portForwardTarget, servePortForward, startUiStandIn } from './portforward.js';
import { toTable, wantsTable } from './table.js';

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  accept?: string;
  /** Body bytes written for a `huge` fault before the client stopped reading (or all of them). */
  bytesSent?: number;
}

export interface ReplayOptions {
  /** 0 or omitted: a free port. */
  port?: number;
  /** Added to every request (overrides the side data's latencyMs). */
  latencyMs?: number;
  /** Fault specs, applied after the side data's own (see faults.ts). */
  faults?: string[];
  /** A file every request is appended to as a JSON line. */
  requestLog?: string;
}

export interface ReplayServer {
  url: string;
  port: number;
  token: string;
  caPem: string;
  context: string;
  /** Every request received, in order (the port-forward upgrades included). */
  requests: LoggedRequest[];
  kubeconfig(): string;
  close(): Promise<void>;
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

function statusResponse(code: number, message: string, extra: Record<string, string> = {}): ApiResponse {
  const body = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: REASONS[code] ?? 'Unknown', code };
  return { status: code, headers: { 'content-type': 'application/json', ...extra }, body: JSON.stringify(body) };
}

function faultResponse(action: Extract<FaultAction, { kind: 'status' }>): ApiResponse {
  const extra: Record<string, string> = action.retryAfter !== undefined ? { 'retry-after': String(action.retryAfter) } : {};
  const messages: Record<number, string> = {
    401: 'Unauthorized',
    410: 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
    429: 'Too many requests, please try again later.',
  };
  return statusResponse(action.status, messages[action.status] ?? `injected fault: HTTP ${action.status}`, extra);
}

/** group, version and plural of a resource path, for Table output. */
function resourceOf(path: string): { group: string; version: string; plural: string } | undefined {
  const segs = path.split('/').filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) [group, version, rest] = ['', segs[1] ?? '', segs.slice(2)];
  else if (segs[0] === 'apis' && segs.length >= 4) [group, version, rest] = [segs[1] ?? '', segs[2] ?? '', segs.slice(3)];
  else return undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  return rest[0] ? { group, version, plural: rest[0] } : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The request body as JSON text; a protobuf access review (kubectl auth can-i) is decoded to JSON first. */
/** Lists that failed while the cluster was recorded fail the same way on the wire. */
const FAILED_LIST_ACTION: Record<FailedList['code'], Exclude<FaultAction, { kind: 'latency' }>> = {
  timeout: { kind: 'hang' },
  unreachable: { kind: 'reset' },
  'server-error': { kind: 'status', status: 500 },
  'bad-response': { kind: 'malformed' },
};

/** `count` minimal objects named PREFIX-i: only the fault's size matters, not their content. */
function syntheticItems(prefix: string, count: number, padKiB = 0): string[] {
  const labels = padKiB > 0 ? `,"labels":{"pad":"${'x'.repeat(padKiB * 1024)}"}` : '';
  return Array.from({ length: count }, (_, i) => `{"metadata":{"name":"${prefix}-${i}","namespace":"default"${labels}}}`);
}

/** A list answer for a resource path from ready-made item texts, optionally with a continue token. */
function listAnswer(path: string, items: readonly string[], next?: string): ApiResponse {
  const target = resourceOf(path);
  const apiVersion = target ? (target.group ? `${target.group}/${target.version}` : target.version) : 'v1';
  const metadata = next === undefined ? '{}' : JSON.stringify({ continue: next });
  return { status: 200, headers: { 'content-type': 'application/json' }, body: `{"apiVersion":"${apiVersion}","kind":"List","metadata":${metadata},"items":[${items.join(',')}]}` };
}

/**
 * A valid-looking list body of `mib` MiB, streamed chunked with back-pressure: the server never holds it, and
 * `entry.bytesSent` shows how much the client took before it stopped reading.
 */
function streamHuge(res: http.ServerResponse, mib: number, entry: LoggedRequest): void {
  const total = mib * 1024 * 1024;
  const item = `{"metadata":{"name":"huge","namespace":"default","labels":{"pad":"${'x'.repeat(180)}"}}},`;
  const chunk = Buffer.from(item.repeat(Math.ceil(65536 / item.length)));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"apiVersion":"v1","kind":"List","metadata":{},"items":[');
  entry.bytesSent = 0;
  const pump = (): void => {
    while ((entry.bytesSent ?? 0) < total) {
      if (res.destroyed) return;
      entry.bytesSent = (entry.bytesSent ?? 0) + chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end('{}]}');
  };
  pump();
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const decoded = (req.headers['content-type'] ?? '').startsWith(PROTOBUF) ? accessReviewFromProtobuf(bytes) : undefined;
      resolve(decoded ?? bytes.toString('utf8'));
    });
    req.on('error', reject);
  });
}

function rejectUpgrade(socket: Duplex, r: ApiResponse): void {
  const head = [`HTTP/1.1 ${r.status} ${http.STATUS_CODES[r.status] ?? ''}`, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`), `content-length: ${Buffer.byteLength(r.body)}`, 'connection: close'];
  socket.end(`${head.join('\r\n')}\r\n\r\n${r.body}`);
}

export async function startReplayServer(fixture: Fixture, opts: ReplayOptions = {}): Promise<ReplayServer> {
  const api = new FixtureApi(fixture);
  const faults = new Faults([...(fixture.side.faults ?? []), ...(opts.faults ?? [])]);
  const latencyMs = opts.latencyMs ?? fixture.side.latencyMs ?? 0;
  const token = crypto.randomBytes(24).toString('hex');
  const certs = serverCerts();
  const ui = await startUiStandIn(recordedUiAnswers(fixture));
  const requests: LoggedRequest[] = [];
  const hanging = new Set<Duplex>();
  const now = (): number => Date.parse(fixture.side.recordedAt ?? '') || Date.now();

  const log = (method: string, url: URL, accept: string | undefined): LoggedRequest => {
    const entry: LoggedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams) };
    if (accept !== undefined) entry.accept = accept;
    requests.push(entry);
    if (opts.requestLog) fs.appendFileSync(opts.requestLog, JSON.stringify(entry) + '\n');
    return entry;
  };
  const authorized = (req: http.IncomingMessage): boolean => req.headers.authorization === `Bearer ${token}`;

  /** What the recorded cluster answers, with kubectl's media types on top of the plain JSON API. */
  const answer = (method: string, path: string, query: Record<string, string>, accept: string | undefined, body: string | undefined): ApiResponse => {
    if (method !== 'GET' && method !== 'POST') return statusResponse(405, 'the recorded cluster is read-only');
    const aggregated = method === 'GET' && (path === '/api' || path === '/apis') ? wantsAggregated(accept) : undefined;
    if (aggregated) {
      return { status: 200, headers: { 'content-type': contentType(aggregated) }, body: JSON.stringify(aggregatedDiscovery(api, path === '/api', aggregated)) };
    }
    const res = api.handle(body === undefined ? { method, path, query } : { method, path, query, body });
    const table = wantsTable(accept);
    const target = resourceOf(path);
    const type = target ? api.typeFor(target.group, target.version, target.plural) : undefined;
    if (method !== 'GET' || res.status !== 200 || !table || !target || !type) return res;
    const tableBody = toTable(type, target.version, table, JSON.parse(res.body) as Record<string, unknown>, query.includeObject, now());
    return { status: 200, headers: { ...res.headers, 'content-type': `application/json;as=Table;v=${table};g=meta.k8s.io` }, body: JSON.stringify(tableBody) };
  };

  // Every answer carries the recorded cluster's clock, errors included, as a real API server's would.
  const send = (res: http.ServerResponse, r: ApiResponse): void => {
    res.writeHead(r.status, { date: new Date(now()).toUTCString(), ...r.headers, 'content-length': Buffer.byteLength(r.body) });
    res.end(r.body);
  };

  const onRequest = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const method = req.method ?? 'GET';
    const entry = log(method, url, req.headers.accept);
    const { path, query } = entry;
    if (!authorized(req)) return send(res, statusResponse(401, 'Unauthorized'));
    const fault = faults.match(path, query);
    const delay = latencyMs + fault.latencyMs;
    const body = method === 'POST' ? await readBody(req) : undefined;
    if (delay > 0) await sleep(delay);
    const failedList = method === 'GET' ? failedListFor(fixture.side.failedLists, { method, path, query }) : undefined;
    const action = fault.action ?? (failedList ? FAILED_LIST_ACTION[failedList.code] : undefined);
    if (action?.kind === 'hang') {
      hanging.add(req.socket);
      return;
    }
    if (action?.kind === 'status') return send(res, faultResponse(action));
    if (action?.kind === 'huge') return streamHuge(res, action.mib, entry);
    if (action?.kind === 'deep') {
      const item = `{"metadata":{"name":"deep","namespace":"flux-system"},"spec":{"nested":${'['.repeat(action.levels)}${']'.repeat(action.levels)}}}`;
      return send(res, listAnswer(path, [item]));
    }
    if (action?.kind === 'oversize') return send(res, listAnswer(path, syntheticItems('oversize', action.items)));
    if (action?.kind === 'endless' && query.continue !== undefined) {
      const page = Number(/^endless-(\d+)$/.exec(query.continue)?.[1] ?? 0) + 1;
      return send(res, listAnswer(path, syntheticItems(`endless-${page}`, action.items, action.padKiB), `endless-${page}`));
    }
    const r = answer(method, path, query, req.headers.accept, body);
    if (action?.kind === 'endless' && r.status === 200) {
      const list = JSON.parse(r.body) as { metadata?: Record<string, unknown> };
      list.metadata = { ...list.metadata, continue: 'endless-0' };
      return send(res, { ...r, body: JSON.stringify(list) });
    }
    if (action?.kind === 'malformed') {
      // A proper prefix of a JSON object is never valid JSON.
      return send(res, { status: 200, headers: { 'content-type': 'application/json' }, body: r.body.slice(0, Math.max(1, Math.floor(r.body.length / 2))) });
    }
    if (action?.kind === 'reset') {
      res.writeHead(r.status, { ...r.headers, 'content-length': Buffer.byteLength(r.body) });
      res.write(r.body.slice(0, Math.floor(r.body.length / 2)), () => req.socket.destroy());
      return;
    }
    send(res, r);
  };

  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has(PORTFORWARD_PROTOCOL) ? PORTFORWARD_PROTOCOL : false) });
  const onUpgrade = async (req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const { path, query } = log(req.method ?? 'GET', url, req.headers.accept);
    if (!authorized(req)) return rejectUpgrade(socket, statusResponse(401, 'Unauthorized'));
    const fault = faults.match(path, query);
    if (latencyMs + fault.latencyMs > 0) await sleep(latencyMs + fault.latencyMs);
    const action = fault.action;
    if (action?.kind === 'hang') {
      hanging.add(socket);
      return;
    }
    if (action?.kind === 'reset') return void socket.destroy();
    if (action?.kind === 'status') return rejectUpgrade(socket, faultResponse(action));
    if (action?.kind === 'malformed') return rejectUpgrade(socket, { status: 200, headers: { 'content-type': 'application/json' }, body: '{' });
    const target = portForwardTarget(path);
    if (!target) return rejectUpgrade(socket, statusResponse(404, 'the server could not find the requested resource'));
    const attrs = { verb: 'create', group: '', resource: 'pods', subresource: 'portforward', namespace: target.namespace };
    if (!api.allows(attrs)) {
      return rejectUpgrade(socket, statusResponse(403, `pods "${target.pod}" is forbidden: User "system:serviceaccount:flux-system:replay" cannot create resource "pods/portforward" in API group "" in the namespace "${target.namespace}"`));
    }
    const pods = api.typeFor('', 'v1', 'pods');
    if (!pods || !api.object(pods, target.namespace, target.pod)) return rejectUpgrade(socket, statusResponse(404, `pods "${target.pod}" not found`));
    wss.handleUpgrade(req, socket, head, (ws) => servePortForward(ws, Number(query.ports), target.pod, ui.port));
  };

  const server = https.createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, statusResponse(500, err instanceof Error ? err.message : String(err)));
    });
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    onUpgrade(req, socket, head).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;
  const context = fixture.side.context ?? 'replay';

  return {
    url,
    port,
    token,
    caPem: certs.caPem,
    context,
    requests,
    kubeconfig: () =>
      yaml.dump({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: context, cluster: { server: url, 'certificate-authority-data': Buffer.from(certs.caPem).toString('base64') } }],
        users: [{ name: `${context}-user`, user: { token } }],
        contexts: [{ name: context, context: { cluster: context, user: `${context}-user` } }],
        'current-context': context,
      }),
    close: async () => {
      for (const s of hanging) s.destroy();
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ui.close();
    },
  };
}
