// npm run release [-- --out DIR]: a reproducible, versioned archive of everything a user installs (the skill
// folders, the /flux-status command and prompt files, the plugin manifests, .agents/skills) plus SHA256SUMS.
// Same sources, same bytes: sorted entries, fixed owner, modes and time, no host names. Run npm run build first.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { sha256 } from './artifacts.js';
import { AGENTS_SKILLS, AGENT_PLUGIN, AGENT_PLUGIN_SKILLS, CLAUDE_MARKETPLACE, CLAUDE_PLUGIN, CODEX_MARKETPLACE, CODEX_PLUGIN, COMMAND_SOURCE, SKILL_FOLDERS, packageJson } from './distribution.js';
import { ROOT } from './paths.js';

/** What a user installs, relative to the repository root: folders are taken whole. */
export const RELEASE_PATHS = [
  ...SKILL_FOLDERS,
  AGENTS_SKILLS,
  COMMAND_SOURCE,
  path.join('.github', 'prompts', 'flux-status.prompt.md'),
  CLAUDE_PLUGIN,
  CLAUDE_MARKETPLACE,
  CODEX_PLUGIN,
  CODEX_MARKETPLACE,
  AGENT_PLUGIN,
  AGENT_PLUGIN_SKILLS,
  'README.md',
].map((p) => p.split(path.sep).join('/'));

interface Entry {
  name: string;
  type: 'file' | 'dir' | 'link';
  mode: number;
  data?: Buffer;
  target?: string;
}

function collect(root: string, rel: string, out: Entry[]): void {
  const abs = path.join(root, rel);
  const st = fs.lstatSync(abs);
  if (st.isSymbolicLink()) {
    out.push({ name: rel, type: 'link', mode: 0o777, target: fs.readlinkSync(abs).split(path.sep).join('/') });
  } else if (st.isDirectory()) {
    out.push({ name: `${rel}/`, type: 'dir', mode: 0o755 });
    for (const child of fs.readdirSync(abs).sort()) collect(root, `${rel}/${child}`, out);
  } else {
    // Only the executable bit is kept: umask and checkout differences must not change the archive.
    out.push({ name: rel, type: 'file', mode: st.mode & 0o111 ? 0o755 : 0o644, data: fs.readFileSync(abs) });
  }
}

/** The parent folders of the listed paths, so the archive extracts without relying on tar creating them. */
function parents(paths: readonly string[]): Entry[] {
  const dirs = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(`${parts.slice(0, i).join('/')}/`);
  }
  return [...dirs].map((name) => ({ name, type: 'dir' as const, mode: 0o755 }));
}

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

/** One POSIX ustar header; names longer than 100 bytes go to the prefix field. */
function header(e: Entry, name: string): Buffer {
  const h = Buffer.alloc(512, 0);
  let base = name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', name.length - 2);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
    if (Buffer.byteLength(base) > 100 || Buffer.byteLength(prefix) > 155) throw new Error(`path too long for the archive: ${name}`);
  }
  h.write(base, 0, 'utf8');
  h.write(octal(e.mode, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(e.type === 'file' ? (e.data?.length ?? 0) : 0, 12), 124);
  h.write(octal(0, 12), 136);
  h.fill(' ', 148, 156);
  h.write(e.type === 'file' ? '0' : e.type === 'dir' ? '5' : '2', 156);
  if (e.target) h.write(e.target, 157, 'utf8');
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.write(prefix, 345, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

export function tarball(entries: readonly Entry[], top: string): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(header(e, `${top}/${e.name}`));
    if (e.type === 'file' && e.data) {
      parts.push(e.data);
      const pad = (512 - (e.data.length % 512)) % 512;
      if (pad) parts.push(Buffer.alloc(pad, 0));
    }
  }
  parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}

export interface Release {
  archiveName: string;
  archive: Buffer;
  sums: string;
}

export function buildRelease(root = ROOT): Release {
  const { version } = packageJson(root);
  const top = `flux-operator-skill-${version}`;
  const entries: Entry[] = [];
  for (const p of RELEASE_PATHS) {
    if (!fs.existsSync(path.join(root, p)) && !isLink(path.join(root, p))) throw new Error(`${p} is missing: run npm run build first`);
    collect(root, p, entries);
  }
  const byName = new Map<string, Entry>();
  for (const e of [...parents(RELEASE_PATHS), ...entries]) byName.set(e.name, e);
  const sorted = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // gzip's header carries no name and a zero time here, so the bytes depend only on the content.
  const archive = zlib.gzipSync(tarball(sorted, top), { level: 9 });
  const archiveName = `${top}.tar.gz`;
  return { archiveName, archive, sums: `${sha256(archive)}  ${archiveName}\n` };
}

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

// run-ts.mjs sets argv[1] to the script it runs; imported by a test, this module only exports.
const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.join(ROOT, 'build', 'release.ts');
if (isMain) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = path.resolve((at >= 0 ? args[at + 1] : undefined) ?? path.join(ROOT, 'dist'));
  const r = buildRelease();
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, r.archiveName), r.archive);
  fs.writeFileSync(path.join(out, 'SHA256SUMS'), r.sums);
  console.log(`release: ${path.join(out, r.archiveName)} (${r.archive.length} bytes) and SHA256SUMS`);
}
