// npm run demo [-- SCENARIO]: serves a recorded cluster through the replay API server and runs the
// built validate.sh against it, exactly as against a real cluster. No cluster needed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ROOT, SCRIPT_PATH } from '../build/paths.js';

const scenario = process.argv[2] ?? 'git-auth-failure';
const fixture = path.join(ROOT, 'test', 'fixtures', 'scenarios', `${scenario}.yaml`);
if (!fs.existsSync(fixture)) {
  const known = fs.readdirSync(path.dirname(fixture)).filter((f) => f.endsWith('.yaml') && !f.endsWith('.side.yaml')).map((f) => f.replace(/\.yaml$/, ''));
  console.error(`demo: no scenario ${scenario}; known: ${known.join(', ')}`);
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-demo-'));
const kubeconfig = path.join(dir, 'kubeconfig');
// The kubeconfig holds the replay server's token: removed however the demo ends (exit, Ctrl-C, kill).
const cleanUp = (): void => fs.rmSync(dir, { recursive: true, force: true });
process.on('exit', cleanUp);
const server = spawn(process.execPath, [path.join(ROOT, 'build', 'run-ts.mjs'), path.join(ROOT, 'scripts', 'replay', 'main.ts'), fixture, '--kubeconfig-out', kubeconfig], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    server.kill('SIGTERM');
    process.exit(130);
  });
}
const ready = await new Promise<boolean>((resolve) => {
  const lines = readline.createInterface({ input: server.stdout });
  lines.on('line', (line) => {
    if (line.startsWith('ready')) resolve(true);
  });
  server.on('exit', () => resolve(false));
});
if (!ready) {
  console.error('demo: the replay server did not start');
  process.exit(1);
}
console.error(`demo: validating the recorded cluster "${scenario}" through the replay API server\n`);
const validate = spawn('bash', [SCRIPT_PATH, '--kubeconfig', kubeconfig, ...process.argv.slice(3)], { stdio: 'inherit' });
const code = await new Promise<number>((resolve) => validate.on('exit', (c) => resolve(c ?? 1)));
server.kill('SIGTERM');
console.error(`\ndemo: validate.sh exited ${code} (0 = no errors, 1 = errors found, 2 = bad usage)`);
// The demo succeeds when the validator ran; its findings are the point of the demo.
process.exit(code === 0 || code === 1 ? 0 : code);
