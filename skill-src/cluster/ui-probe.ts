// Probes the Flux UI (operator pod port 9080) through a pod port-forward over WebSocket, as client-node
// implements it. One forward per request, each a plain HTTP/1.1 request with Connection: close.
import { PassThrough, Writable } from 'node:stream';
import type { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { PortForward } from '@kubernetes/client-node/dist/portforward.js';
import type { UiProbe } from './state.js';

export const UI_PORT = 9080;

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses a raw HTTP/1.1 response (headers, then a body that may be chunked). */
export function parseHttpResponse(raw: Buffer): HttpAnswer | undefined {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = end >= 0 ? text.slice(0, end) : text;
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!m?.[1]) return undefined;
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = end >= 0 ? raw.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1')).toString('utf8') : '';
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  return { status: Number(m[1]), headers, body };
}

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    if (nl < 0) return out;
    const size = parseInt(rest.slice(0, nl), 16);
    if (!Number.isFinite(size) || size === 0) return out;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 2 + size + 2);
  }
}

async function forwardGet(kc: KubeConfig, namespace: string, pod: string, path: string, signal: AbortSignal): Promise<HttpAnswer> {
  const chunks: Buffer[] = [];
  const errors: Buffer[] = [];
  const output = new Writable({ write(c: Buffer, _e, cb) { chunks.push(c); cb(); } });
  const errOut = new Writable({ write(c: Buffer, _e, cb) { errors.push(c); cb(); } });
  const input = new PassThrough();
  const pf = new PortForward(kc, true);
  const ws = await pf.portForward(namespace, pod, [UI_PORT], output, errOut, input);
  const socket = ws as unknown as { close(): void; on(ev: 'close', fn: () => void): void; readyState: number };
  return new Promise<HttpAnswer>((resolve, reject) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearInterval(poll);
      socket.close();
      const parsed = parseHttpResponse(Buffer.concat(chunks));
      if (parsed) resolve(parsed);
      else reject(new Error(errors.length ? Buffer.concat(errors).toString('utf8').trim().split('\n')[0] ?? 'port-forward failed' : 'no HTTP answer through the port-forward'));
    };
    // The response is complete when its Content-Length is reached or the stream closes.
    const poll = setInterval(() => {
      const parsed = parseHttpResponse(Buffer.concat(chunks));
      const len = Number(parsed?.headers['content-length']);
      if (parsed && Number.isFinite(len) && Buffer.byteLength(parsed.body) >= len) finish();
    }, 10);
    socket.on('close', finish);
    signal.addEventListener('abort', () => {
      if (!done) {
        done = true;
        clearInterval(poll);
        socket.close();
        reject(new Error('the Flux UI did not answer before the timeout'));
      }
    }, { once: true });
    input.write(`GET ${path} HTTP/1.1\r\nHost: localhost:${UI_PORT}\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
  });
}

export function liveUiProbe(kc: KubeConfig): (namespace: string, pod: string, signal: AbortSignal) => Promise<UiProbe> {
  return async (namespace, pod, signal) => {
    try {
      const root = await forwardGet(kc, namespace, pod, '/', signal);
      const report = await forwardGet(kc, namespace, pod, '/api/v1/report', signal);
      return uiProbeFrom(pod, root, report);
    } catch (err) {
      return { probed: true, pod, error: err instanceof Error ? err.message : String(err) };
    }
  };
}

/** Shared by the live probe and recorded answers, so both judge the UI the same way. */
export function uiProbeFrom(pod: string, root: HttpAnswer, report: HttpAnswer): UiProbe {
  let reportIsJson = false;
  try {
    JSON.parse(report.body);
    reportIsJson = /json/i.test(report.headers['content-type'] ?? 'application/json');
  } catch {
    reportIsJson = false;
  }
  const probe: UiProbe = { probed: true, pod, rootStatus: root.status, reportStatus: report.status, reportIsJson };
  const location = report.headers.location ?? root.headers.location;
  if (location) probe.redirect = location;
  return probe;
}
