// npm run replay -- FIXTURE --kubeconfig-out FILE [--port N] [--latency-ms N] [--fault SPEC]... [--request-log FILE]
// Serves a recorded cluster over HTTPS until SIGTERM or SIGINT; prints `ready URL` once listening.
import fs from 'node:fs';
import { parseFixture, sidePathFor } from '../../skill-src/cluster/fixture.js';
import type { DocumentLimits } from '../../skill-src/cluster/limits.js';
import { parseArgs, USAGE, type Args } from './args.js';

/**
 * The replay server serves generated benchmark fleets, far larger than a recording: a 100k-object fleet with
 * managedFields is over 300 MB of YAML. Its own bounds, so the validator's --snapshot bounds stay as they are.
 */
const REPLAY_LIMITS: DocumentLimits = { fileBytes: 512 * 1024 * 1024, depth: 64, values: 200_000_000 };
import { startReplayServer } from './server.js';

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`replay: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  }
  const sidePath = sidePathFor(args.fixture);
  const fixture = parseFixture(fs.readFileSync(args.fixture, 'utf8'), fs.existsSync(sidePath) ? fs.readFileSync(sidePath, 'utf8') : undefined, args.fixture, REPLAY_LIMITS);
  if (args.options.requestLog) fs.writeFileSync(args.options.requestLog, '');
  const server = await startReplayServer(fixture, args.options);
  fs.writeFileSync(args.kubeconfigOut, server.kubeconfig(), { mode: 0o600 });
  process.stdout.write(`ready ${server.url} context=${server.context} kubeconfig=${args.kubeconfigOut}\n`);
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`replay: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
  process.exit(1);
});
