// The floor of the benchmark: what any tool must spend to reach the same data. Node starts, reads the
// kubeconfig, opens TLS, fetches every collection a validate.sh run fetched (unpaginated, 8 in flight over
// keep-alive) and parses each answer with JSON.parse; nothing else.
//   node scripts/bench/floor.mjs KUBECONFIG PATHS.json
import fs from 'node:fs';
import https from 'node:https';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml');
const [kubeconfigFile, pathsFile] = process.argv.slice(2);
const config = yaml.load(fs.readFileSync(kubeconfigFile, 'utf8'));
const ctx = config.contexts.find((c) => c.name === config['current-context']).context;
const cluster = config.clusters.find((c) => c.name === ctx.cluster).cluster;
const user = config.users.find((u) => u.name === ctx.user).user;
const base = new URL(cluster.server);
const agent = new https.Agent({ keepAlive: true, maxSockets: 8, ca: Buffer.from(cluster['certificate-authority-data'], 'base64') });
const paths = JSON.parse(fs.readFileSync(pathsFile, 'utf8'));

function get(path) {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: base.hostname, port: base.port, path, agent, headers: { Authorization: `Bearer ${user.token}`, Accept: 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
  });
}

let next = 0;
let items = 0;
async function worker() {
  while (next < paths.length) {
    const doc = await get(paths[next++]);
    items += Array.isArray(doc.items) ? doc.items.length : 0;
  }
}
await Promise.all(Array.from({ length: 8 }, worker));
agent.destroy();
process.stdout.write(`${paths.length} requests, ${items} items\n`);
