// pods/portforward over WebSocket (v4.channel.k8s.io), forwarding to a local stand-in for the Flux UI.
// Channel 0 carries data and channel 1 errors; the first frame the server sends on each channel is the
// forwarded port, 2 bytes little-endian. Every client frame starts with its channel byte.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import type { HttpAnswer } from '../../skill-src/cluster/ui-answer.js';

export const PORTFORWARD_PROTOCOL = 'v4.channel.k8s.io';
export const UI_PORT = 9080;

const PORTFORWARD_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/;

/** Namespace and pod of a port-forward path, if it is one. */
export function portForwardTarget(path: string): { namespace: string; pod: string } | undefined {
  const m = PORTFORWARD_PATH.exec(path);
  return m?.[1] && m[2] ? { namespace: decodeURIComponent(m[1]), pod: decodeURIComponent(m[2]) } : undefined;
}

export interface UiStandIn {
  port: number;
  close(): Promise<void>;
}

/** A local HTTP server answering `/` and `/api/v1/report` as the recorded Flux UI did. */
export async function startUiStandIn(answers: { root: HttpAnswer; report: HttpAnswer }): Promise<UiStandIn> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const a = path === '/' ? answers.root : path === '/api/v1/report' ? answers.report : { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '404 page not found\n' };
    res.writeHead(a.status, { ...a.headers, 'content-length': Buffer.byteLength(a.body) });
    res.end(a.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function frame(channel: number, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from([channel]), data]);
}

function portBytes(port: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(port, 0);
  return b;
}

/** Serves one accepted port-forward WebSocket: port 9080 reaches the UI stand-in, any other port is refused. */
export function servePortForward(ws: WebSocket, requestedPort: number, pod: string, uiPort: number): void {
  ws.send(frame(0, portBytes(requestedPort)));
  ws.send(frame(1, portBytes(requestedPort)));
  if (requestedPort !== UI_PORT) {
    ws.send(frame(1, Buffer.from(`error forwarding port ${requestedPort} to pod ${pod}: failed to connect to localhost:${requestedPort}: connection refused`)));
    ws.close();
    return;
  }
  const upstream = net.connect(uiPort, '127.0.0.1');
  upstream.on('data', (chunk: Buffer) => ws.send(frame(0, chunk)));
  upstream.on('end', () => ws.close());
  upstream.on('error', (err) => {
    ws.send(frame(1, Buffer.from(`error forwarding port ${requestedPort} to pod ${pod}: ${err.message}`)));
    ws.close();
  });
  ws.on('message', (data: RawData) => {
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (buf.length > 1 && buf[0] === 0) upstream.write(buf.subarray(1));
  });
  ws.on('close', () => upstream.destroy());
}
