// npm run build: writes validate.sh, pins its sha256 and the version in SKILL.md, copies reference.md into the
// skill folder, and generates the flux-status skill, the plugin manifests and the .agents/skills links.
import fs from 'node:fs';
import path from 'node:path';
import { SCRIPTS_PACKAGE_JSON_TEXT, computeArtifacts } from './artifacts.js';
import { writeDistribution } from './distribution.js';
import { SCRIPT_PATH, SCRIPTS_PACKAGE_JSON, SKILL_MD, SKILL_REFERENCE, ROOT } from './paths.js';

const a = await computeArtifacts();
fs.mkdirSync(path.dirname(SCRIPT_PATH), { recursive: true });
fs.writeFileSync(SCRIPT_PATH, a.script);
fs.chmodSync(SCRIPT_PATH, 0o755);
fs.writeFileSync(SCRIPTS_PACKAGE_JSON, SCRIPTS_PACKAGE_JSON_TEXT);
fs.writeFileSync(SKILL_MD, a.skillMd);
fs.writeFileSync(SKILL_REFERENCE, a.reference);
writeDistribution();
console.log(`built ${path.relative(ROOT, SCRIPT_PATH)}: ${a.script.length} bytes, sha256 ${a.scriptSha256}`);
