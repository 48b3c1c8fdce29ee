// Probes the Flux UI (operator pod port 9080) through a pod port-forward over WebSocket, as client-node
// implements it. One forward per request, each a plain HTTP/1.1 request with Connection: close.
import { PassThrough, Writable } from 'node:stream';
import type { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { PortForward } from '@kubernetes/client-node/dist/portforward.js';
import type { UiProbe } from './state.js';
import { parseHttpResponse, uiProbeFrom, type HttpAnswer } from './ui-answer.js';

export { parseHttpResponse, uiProbeFrom, type HttpAnswer };

export const UI_PORT = 9080;

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
      // A refused WebSocket upgrade rejects with a ws ErrorEvent, not an Error: keep its message.
      const message = err instanceof Error ? err.message : typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
      return { probed: true, pod, error: message };
    }
  };
}
