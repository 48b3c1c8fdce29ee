// Probes the Flux UI (operator pod port 9080) through a pod port-forward over WebSocket, as client-node
// implements it. One forward per request, each a plain HTTP/1.1 request with Connection: close.
import { PassThrough, Writable } from 'node:stream';
import type { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { PortForward } from '@kubernetes/client-node/dist/portforward.js';
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import WebSocket from 'ws';
import { UI_PATHS, UI_PORT } from './requests.js';
import type { UiProbe } from './state.js';
import { parseHttpResponse, uiProbeFrom, type HttpAnswer } from './ui-answer.js';

export { parseHttpResponse, uiProbeFrom, type HttpAnswer };

export { UI_PORT };

async function forwardGet(kc: KubeConfig, namespace: string, pod: string, path: string, signal: AbortSignal): Promise<HttpAnswer> {
  const chunks: Buffer[] = [];
  const errors: Buffer[] = [];
  const output = new Writable({ write(c: Buffer, _e, cb) { chunks.push(c); cb(); } });
  const errOut = new Writable({ write(c: Buffer, _e, cb) { errors.push(c); cb(); } });
  const input = new PassThrough();
  // Keep the WebSocket in hand: an upgrade the server never answers must end at the deadline, not hold the process.
  let opened: WebSocket | undefined;
  const handler = new WebSocketHandler(kc, (uri, protocols, opts) => (opened = new WebSocket(uri, protocols, opts)));
  const pf = new PortForward(kc, true, handler);
  if (signal.aborted) throw new Error('the Flux UI did not answer before the timeout');
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      opened?.terminate();
      reject(new Error('the Flux UI did not answer before the timeout'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  let ws: Awaited<ReturnType<PortForward['portForward']>>;
  try {
    ws = await Promise.race([pf.portForward(namespace, pod, [UI_PORT], output, errOut, input), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
  // Without a retry count portForward resolves to the socket itself.
  const socket = ws as WebSocket;
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
    const onTimeout = (): void => {
      if (!done) {
        done = true;
        clearInterval(poll);
        // No closing handshake with a server that stopped answering: drop the connection.
        socket.terminate();
        reject(new Error('the Flux UI did not answer before the timeout'));
      }
    };
    if (signal.aborted) return onTimeout();
    signal.addEventListener('abort', onTimeout, { once: true });
    input.write(`GET ${path} HTTP/1.1\r\nHost: localhost:${UI_PORT}\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
  });
}

export function liveUiProbe(kc: KubeConfig): (namespace: string, pod: string, signal: AbortSignal) => Promise<UiProbe> {
  return async (namespace, pod, signal) => {
    try {
      const root = await forwardGet(kc, namespace, pod, UI_PATHS.root, signal);
      const report = await forwardGet(kc, namespace, pod, UI_PATHS.report, signal);
      return uiProbeFrom(pod, root, report);
    } catch (err) {
      // A refused WebSocket upgrade rejects with a ws ErrorEvent, not an Error: keep its message.
      const message = err instanceof Error ? err.message : typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
      return { probed: true, pod, error: message };
    }
  };
}
