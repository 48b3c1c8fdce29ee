// Writes a fleet in the fixture format: one `kind: List` YAML as `kubectl get -o yaml` prints it, plus
// NAME.side.yaml. Items are dumped one at a time into a stream, so 100k objects never form one huge string.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { RECORDED_AT, type FleetObject } from './meta.js';

function sidePath(file: string): string {
  return file.replace(/\.ya?ml$/i, '') + '.side.yaml';
}

/** One list item: the object's YAML under `- `, every line indented by two spaces. */
export function listItem(obj: FleetObject): string {
  const text = yaml.dump(obj, { lineWidth: -1, noRefs: true, noArrayIndent: true });
  return '- ' + text.trimEnd().split('\n').join('\n  ') + '\n';
}

export async function writeFleet(file: string, objects: readonly FleetObject[], context: string): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const out = fs.createWriteStream(tmp);
  const write = (chunk: string): Promise<void> | undefined => (out.write(chunk) ? undefined : new Promise((r) => out.once('drain', () => r())));
  await write('apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: ""\nitems:\n');
  let batch = '';
  for (const obj of objects) {
    batch += listItem(obj);
    if (batch.length > 1 << 20) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  fs.renameSync(tmp, file);
  const side = ['# Generated fleet: scripts/fleet/generate.ts', `recordedAt: ${RECORDED_AT}`, 'serverVersion: v1.33.2', `context: ${context}`, ''].join('\n');
  fs.writeFileSync(sidePath(file), side);
}
