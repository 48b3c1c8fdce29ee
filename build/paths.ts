import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest folder above this module holding package.json (works from .cache/run too). */
function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const SKILL_DIR = path.join(ROOT, '.github', 'skills', 'flux-operator');
export const SCRIPT_REL = 'scripts/validate.sh';
export const SCRIPT_PATH = path.join(SKILL_DIR, SCRIPT_REL);
export const SKILL_MD = path.join(SKILL_DIR, 'SKILL.md');
export const SKILL_REFERENCE = path.join(SKILL_DIR, 'reference.md');
export const TOP_REFERENCE = path.join(ROOT, 'reference.md');
export const SCRIPTS_PACKAGE_JSON = path.join(SKILL_DIR, 'scripts', 'package.json');
