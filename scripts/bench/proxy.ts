// A byte-counting TCP relay in front of a replay server: TLS passes through untouched (the certificate is
// for 127.0.0.1, which the relay also is), so the counts are what the client really sent and received.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

export interface ByteCounter {
  port: number;
  /** Bytes the server sent to clients (what the client received). */
  received: number;
  /** Bytes clients sent to the server. */
  sent: number;
  connections: number;
  /** performance.now() of the first byte any client sent, and of the last byte the server sent; reset() clears both. */
  firstSentAt?: number;
  lastReceivedAt?: number;
  reset(): void;
  close(): Promise<void>;
}

export async function countingProxy(targetPort: number): Promise<ByteCounter> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    counter.connections++;
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (d: Buffer) => {
      counter.sent += d.length;
      counter.firstSentAt ??= performance.now();
    });
    upstream.on('data', (d: Buffer) => {
      counter.received += d.length;
      counter.lastReceivedAt = performance.now();
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const counter: ByteCounter = {
    port: typeof address === 'object' && address ? address.port : 0,
    received: 0,
    sent: 0,
    connections: 0,
    reset: () => {
      delete counter.firstSentAt;
      delete counter.lastReceivedAt;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return counter;
}
