// npm run check: the committed skill folder must equal a fresh build, and the sources must type-check.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { SCRIPTS_PACKAGE_JSON_TEXT, computeArtifacts, sha256 } from './artifacts.js';
import { agentsSkillLinks, distributionFiles } from './distribution.js';
import { ROOT, SCRIPT_PATH, SCRIPTS_PACKAGE_JSON, SKILL_MD, SKILL_REFERENCE } from './paths.js';

const problems: string[] = [];
const rel = (p: string): string => path.relative(ROOT, p);
const read = (p: string): Buffer | undefined => (fs.existsSync(p) ? fs.readFileSync(p) : undefined);

const a = await computeArtifacts();
const script = read(SCRIPT_PATH);
if (!script) problems.push(`${rel(SCRIPT_PATH)} is missing: run npm run build`);
else if (!script.equals(a.script)) problems.push(`${rel(SCRIPT_PATH)} differs from a fresh build of skill-src/: run npm run build and commit`);
else if ((fs.statSync(SCRIPT_PATH).mode & 0o111) === 0) problems.push(`${rel(SCRIPT_PATH)} is not executable: chmod +x it`);

const skillMd = fs.readFileSync(SKILL_MD, 'utf8');
const sums = new Set(skillMd.match(/\b[0-9a-f]{64}\b/g) ?? []);
if (script && !sums.has(sha256(script))) problems.push(`${rel(SKILL_MD)} does not state the sha256 of ${rel(SCRIPT_PATH)}: run npm run build`);
if (sums.size !== 1) problems.push(`${rel(SKILL_MD)} states ${sums.size} sha256 values; it must state exactly one`);
if (skillMd !== a.skillMd) problems.push(`${rel(SKILL_MD)} checksum is stale: run npm run build`);

if (read(SKILL_REFERENCE)?.toString('utf8') !== a.reference) problems.push(`${rel(SKILL_REFERENCE)} differs from reference.md: run npm run build`);
if (read(SCRIPTS_PACKAGE_JSON)?.toString('utf8') !== SCRIPTS_PACKAGE_JSON_TEXT) problems.push(`${rel(SCRIPTS_PACKAGE_JSON)} is missing or changed: run npm run build`);

for (const [file, text] of distributionFiles()) {
  if (read(path.join(ROOT, file))?.toString('utf8') !== text) problems.push(`${file} differs from what its sources generate: run npm run build`);
}
for (const [link, target] of agentsSkillLinks()) {
  let actual: string | undefined;
  try {
    actual = fs.readlinkSync(path.join(ROOT, link));
  } catch {
    actual = undefined;
  }
  if (actual !== target) problems.push(`${link} must be a link to ${target}: run npm run build`);
}

try {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', ROOT], { stdio: 'inherit' });
} catch {
  problems.push('tsc --noEmit failed (see above)');
}

if (problems.length > 0) {
  for (const p of problems) console.error(`check: ${p}`);
  process.exit(1);
}
console.log(`check: bundle up to date (sha256 ${a.scriptSha256}), SKILL.md checksum exact, reference.md in sync, types OK`);
