// Starts the replay server in-process over a fixture file, with a kubeconfig in a temporary directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseFixture, sidePathFor } from '../../skill-src/cluster/fixture.js';
import { startReplayServer, type LoggedRequest } from '../../scripts/replay/server.js';

export type { LoggedRequest };

export interface Replay {
  url: string;
  kubeconfigPath: string;
  /** Every request the server received so far, in order. */
  requestLog(): LoggedRequest[];
  close(): Promise<void>;
}

export interface ReplayStartOptions {
  latencyMs?: number;
  /** Fault specs (scripts/replay/faults.ts), added to the side data's. */
  faults?: string[];
}

export async function startReplay(fixturePath: string, opts: ReplayStartOptions = {}): Promise<Replay> {
  const sidePath = sidePathFor(fixturePath);
  const fixture = parseFixture(fs.readFileSync(fixturePath, 'utf8'), fs.existsSync(sidePath) ? fs.readFileSync(sidePath, 'utf8') : undefined, fixturePath);
  const server = await startReplayServer(fixture, opts);
  // Not tempDir(): scripts (update-goldens) use this outside vitest; close() removes the folder.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfigPath, server.kubeconfig(), { mode: 0o600 });
  return {
    url: server.url,
    kubeconfigPath,
    requestLog: () => server.requests.map((r) => ({ ...r, query: { ...r.query } })),
    close: async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
