// What clients install besides the flux-operator skill: the flux-status skill, the Claude Code plugin and
// marketplace, the Codex plugin and .agents/skills. All generated from one set of sources (build/distribution.ts)
// and held here to the clients' documented rules (CLIENTS.md; Claude Code plugins reference; Agent Skills spec).
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { AGENTS_SKILLS, AGENT_PLUGIN, AGENT_PLUGIN_SCHEMA, AGENT_PLUGIN_SKILLS, CLAUDE_MARKETPLACE, CLAUDE_PLUGIN, CODEX_MARKETPLACE, CODEX_PLUGIN, COMMAND_SOURCE, FLUX_STATUS_SKILL, distributionFiles, packageJson } from '../build/distribution.js';
import { ROOT } from '../build/paths.js';
import { runScript } from './helpers/built.js';
import { tempDir } from './helpers/temp.js';

const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const readJson = (rel: string): Record<string, unknown> => JSON.parse(read(rel)) as Record<string, unknown>;
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const SKILL_KEYS = ['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools'];
/** plugin.json keys in the Claude Code plugins reference. */
const CLAUDE_PLUGIN_KEYS = ['name', 'version', 'description', 'author', 'homepage', 'repository', 'license', 'keywords', 'commands', 'agents', 'hooks', 'mcpServers', 'outputStyles', 'lspServers', 'skills'];
const PROMPT = path.join('.github', 'prompts', 'flux-status.prompt.md');

/** The numbered step headings of a /flux-status file. */
function steps(text: string): string[] {
  return [...text.matchAll(/^## (\d+\. .+)$/gm)].map((m) => m[1] ?? '');
}

/** validate.sh options a /flux-status file names. */
function options(text: string): string[] {
  return [...new Set([...text.matchAll(/`(--[a-z-]+)/g)].map((m) => m[1] ?? ''))].sort();
}

/** Checks an Agent Skills folder the way the spec's validator does (keys, name, description, no flow style). */
function expectValidSkill(dir: string): matter.GrayMatterFile<string> {
  const text = fs.readFileSync(path.join(dir, 'SKILL.md'), 'utf8');
  const fm = matter(text);
  const data = fm.data as Record<string, unknown>;
  expect(Object.keys(data).filter((k) => !SKILL_KEYS.includes(k)), dir).toEqual([]);
  expect(String(data.name)).toMatch(KEBAB);
  expect(data.name).toBe(path.basename(dir));
  const d = String(data.description);
  expect(d.length).toBeGreaterThan(0);
  expect(d.length).toBeLessThanOrEqual(1024);
  expect(d).not.toMatch(/[<>]/);
  const raw = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '';
  expect(raw.split('\n').filter((l) => /^\s*(?:-\s+)?(?:[\w.-]+\s*:\s*)?[[{]/.test(l))).toEqual([]);
  expect(typeof data['allowed-tools']).toBe('string');
  for (const v of Object.values((data.metadata ?? {}) as Record<string, unknown>)) expect(typeof v).toBe('string');
  return fm;
}

describe('generated files', () => {
  it('are committed exactly as their sources generate them (one source, no drift)', () => {
    for (const [rel, text] of distributionFiles()) expect(read(rel), `${rel}: run npm run build`).toBe(text);
  });
});

describe('flux-status skill', () => {
  const dir = path.join(ROOT, path.dirname(FLUX_STATUS_SKILL));
  const command = matter(read(COMMAND_SOURCE));

  it('is a valid Agent Skills folder named flux-status, invocable as /flux-status', () => {
    const fm = expectValidSkill(dir);
    expect(String(fm.data.description)).toContain('/flux-status');
  });

  it('carries the command file steps, options and allowed tools', () => {
    const skill = matter(read(FLUX_STATUS_SKILL));
    expect(steps(skill.content)).toEqual(steps(command.content));
    expect(options(skill.content)).toEqual(options(command.content));
    const tools = String(skill.data['allowed-tools']).split(/\s+(?![^()]*\))/);
    const commandTools = String(command.data['allowed-tools']).split(/,\s*(?![^()]*\))/);
    expect(tools).toEqual(commandTools.map((t) => t.trim()));
    expect(skill.data.metadata).toMatchObject({ version: packageJson().version });
  });

  it('the VS Code prompt file agrees with the command: the same steps and options', () => {
    const prompt = matter(read(PROMPT));
    expect(steps(prompt.content)).toEqual(steps(command.content));
    expect(options(prompt.content)).toEqual(options(command.content));
  });
});

describe('Claude Code plugin and marketplace', () => {
  const plugin = readJson(CLAUDE_PLUGIN);
  const market = readJson(CLAUDE_MARKETPLACE);

  it('plugin.json: documented keys only, kebab-case name, the package version, paths that exist', () => {
    expect(Object.keys(plugin).filter((k) => !CLAUDE_PLUGIN_KEYS.includes(k))).toEqual([]);
    expect(String(plugin.name)).toMatch(KEBAB);
    expect(plugin.version).toBe(packageJson().version);
    expect(String(plugin.version)).toMatch(SEMVER);
    const skills = plugin.skills as string[];
    expect(skills.length).toBe(2);
    for (const s of skills) {
      expect(s.startsWith('./')).toBe(true);
      expectValidSkill(path.join(ROOT, s));
    }
    for (const c of plugin.commands as string[]) {
      expect(c.startsWith('./')).toBe(true);
      expect(fs.existsSync(path.join(ROOT, c))).toBe(true);
    }
  });

  it('marketplace.json: a kebab-case name, an owner, and a plugin whose source holds that plugin', () => {
    expect(String(market.name)).toMatch(KEBAB);
    expect(typeof (market.owner as { name?: unknown }).name).toBe('string');
    const plugins = market.plugins as { name: string; source: string; version: string }[];
    expect(plugins).toHaveLength(1);
    const [p] = plugins;
    expect(p?.name).toBe(plugin.name);
    expect(p?.version).toBe(plugin.version);
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, p?.source ?? '', '.claude-plugin', 'plugin.json'), 'utf8')) as { name: string };
    expect(manifest.name).toBe(p?.name);
  });
});

describe('Codex: plugin manifest and .agents/skills', () => {
  it('.agents/skills holds both skills, the very same files as .github/skills', () => {
    for (const name of ['flux-operator', 'flux-status']) {
      const dir = path.join(ROOT, AGENTS_SKILLS, name);
      expectValidSkill(dir);
      expect(fs.realpathSync(dir)).toBe(fs.realpathSync(path.join(ROOT, '.github', 'skills', name)));
    }
  });

  it('.codex-plugin/plugin.json: kebab-case name, package version, a skills folder that resolves, interface strings', () => {
    const p = readJson(CODEX_PLUGIN);
    expect(String(p.name)).toMatch(KEBAB);
    expect(p.version).toBe(packageJson().version);
    const skills = path.join(ROOT, String(p.skills));
    expect(fs.readdirSync(skills).sort()).toEqual(['flux-operator', 'flux-status']);
    const ui = p.interface as Record<string, unknown>;
    for (const k of ['displayName', 'shortDescription', 'category']) expect(typeof ui[k]).toBe('string');
  });
});

describe('Codex: repository marketplace', () => {
  it('.agents/plugins/marketplace.json: a name, a display name, and one local entry whose path holds the Codex plugin', () => {
    const m = readJson(CODEX_MARKETPLACE);
    expect(String(m.name)).toMatch(KEBAB);
    expect(typeof (m.interface as { displayName?: unknown }).displayName).toBe('string');
    const plugins = m.plugins as { name: string; source: { source: string; path: string }; policy: { installation: string; authentication: string }; category: string }[];
    expect(plugins).toHaveLength(1);
    const [p] = plugins;
    expect(p?.source.source).toBe('local');
    // Codex resolves a ./-prefixed path against the marketplace root, the repository; never outside it.
    expect(p?.source.path).toMatch(/^\.\//);
    expect(path.relative(ROOT, path.resolve(ROOT, p?.source.path ?? '')).startsWith('..')).toBe(false);
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, p?.source.path ?? '', '.codex-plugin', 'plugin.json'), 'utf8')) as { name: string };
    expect(manifest.name).toBe(p?.name);
    expect(p?.policy).toEqual({ installation: 'AVAILABLE', authentication: 'ON_INSTALL' });
    expect(typeof p?.category).toBe('string');
  });
});

describe('Agent Plugins 1.0 (VS Code agent plugins)', () => {
  it('plugin.json: the 1.0.0 $schema, only the fields the standard allows, kebab-case name, package version', () => {
    const p = readJson(AGENT_PLUGIN);
    const allowed = ['$schema', 'name', 'version', 'description', 'author', 'homepage', 'repository', 'license', 'keywords', 'extensions'];
    expect(Object.keys(p).filter((k) => !allowed.includes(k))).toEqual([]);
    expect(p.$schema).toBe(AGENT_PLUGIN_SCHEMA);
    expect(String(p.name)).toMatch(KEBAB);
    expect(String(p.name).length).toBeLessThanOrEqual(64);
    expect(p.version).toBe(packageJson().version);
  });

  it('skills/ at the plugin root holds both skills, the same folders as .github/skills', () => {
    expect(fs.readdirSync(path.join(ROOT, AGENT_PLUGIN_SKILLS)).sort()).toEqual(['flux-operator', 'flux-status']);
    for (const name of ['flux-operator', 'flux-status']) {
      const dir = path.join(ROOT, AGENT_PLUGIN_SKILLS, name);
      expectValidSkill(dir);
      expect(fs.realpathSync(dir)).toBe(fs.realpathSync(path.join(ROOT, '.github', 'skills', name)));
    }
  });
});

describe('one version everywhere', () => {
  it('package.json, SKILL.md metadata, the flux-status skill and validate.sh --version agree', async () => {
    const v = packageJson().version;
    const skill = matter(read(path.join('.github', 'skills', 'flux-operator', 'SKILL.md')));
    expect((skill.data.metadata as Record<string, string>).version).toBe(v);
    const r = await runScript(['--version']);
    expect(r.stdout.trim()).toBe(`flux-operator-validate ${v}`);
  });
});

describe('npm run check', () => {
  it('fails when a generated file is edited by hand', async () => {
    const copy = tempDir('dist-check');
    {
      for (const e of ['package.json', 'tsconfig.json', 'reference.md', 'build', 'skill-src', '.github', '.claude', '.claude-plugin', '.codex-plugin', '.agents', 'plugin.json', 'skills']) {
        fs.cpSync(path.join(ROOT, e), path.join(copy, e), { recursive: true, verbatimSymlinks: true });
      }
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
      fs.appendFileSync(path.join(copy, CLAUDE_PLUGIN), ' ');
      const r = await execa(process.execPath, ['build/run-ts.mjs', 'build/check.ts'], { cwd: copy, reject: false });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`${CLAUDE_PLUGIN} differs from what its sources generate`);
    }
  }, 120_000);
});
