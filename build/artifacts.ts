// The generated parts of the skill folder, computed in memory so build and check share one definition.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleScript } from './bundle.js';
import { ROOT, SCRIPT_REL, SKILL_MD, TOP_REFERENCE } from './paths.js';

export const SCRIPTS_PACKAGE_JSON_TEXT = '{\n  "type": "commonjs"\n}\n';

/** The one line of SKILL.md that carries the checksum; the verification block uses it as $SUM. */
export const SUM_LINE = /^SUM=[0-9a-f]{64}$/m;

export function sha256(bytes: Buffer | string): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

export interface Artifacts {
  script: Buffer;
  scriptSha256: string;
  skillMd: string;
  reference: string;
}

export function withChecksum(skillMd: string, sum: string): string {
  if (!SUM_LINE.test(skillMd)) {
    throw new Error(`SKILL.md has no line "SUM=<64 hex digits>" in its verification section (for ${SCRIPT_REL})`);
  }
  return skillMd.replace(SUM_LINE, `SUM=${sum}`);
}

/** The metadata line that carries the release version, the same as package.json and --version. */
export const VERSION_LINE = /^  version: "[^"\n]*"$/m;

export function withVersion(skillMd: string, version: string): string {
  if (!VERSION_LINE.test(skillMd)) throw new Error('SKILL.md has no metadata line `  version: "X.Y.Z"`');
  return skillMd.replace(VERSION_LINE, `  version: ${JSON.stringify(version)}`);
}

export async function computeArtifacts(): Promise<Artifacts> {
  const script = await bundleScript();
  const scriptSha256 = sha256(script);
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const skillMd = withVersion(withChecksum(fs.readFileSync(SKILL_MD, 'utf8'), scriptSha256), version);
  return { script, scriptSha256, skillMd, reference: fs.readFileSync(TOP_REFERENCE, 'utf8') };
}
