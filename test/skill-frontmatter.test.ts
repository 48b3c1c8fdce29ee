// SKILL.md and the two /flux-status command files follow their clients' rules: the Agent Skills
// frontmatter (as its strict validator reads it), the body size, and what each command must do.
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { ROOT, SKILL_DIR, SKILL_MD } from '../build/paths.js';
import { CHECKS } from '../skill-src/checks/registry.js';
import { codeBlocks } from './helpers/skill-markdown.js';

const ALLOWED_KEYS = ['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools'];
const PROMPT = path.join(ROOT, '.github', 'prompts', 'flux-status.prompt.md');
const CLAUDE_COMMAND = path.join(ROOT, '.claude', 'commands', 'flux-status.md');

const skillText = fs.readFileSync(SKILL_MD, 'utf8');
const skill = matter(skillText);
const data = skill.data as Record<string, unknown>;

/** The raw frontmatter between the first two `---` lines. */
function rawFrontmatter(text: string): string {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!m?.[1]) throw new Error('no frontmatter');
  return m[1];
}

/** Lines whose value (or list item) starts a flow collection, which strict YAML validators reject. */
function flowStyleLines(frontmatter: string): string[] {
  return frontmatter.split('\n').filter((l) => /^\s*(?:-\s+)?(?:[\w.-]+\s*:\s*)?[[{]/.test(l));
}

describe('SKILL.md frontmatter', () => {
  it('has only the keys the Agent Skills validator allows', () => {
    expect(Object.keys(data).filter((k) => !ALLOWED_KEYS.includes(k))).toEqual([]);
    expect(Object.keys(data)).toEqual(expect.arrayContaining(['name', 'description']));
  });

  it('names the skill like its folder: lowercase, digits and single hyphens, at most 64 characters', () => {
    const name = String(data.name);
    expect(name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toBe(path.basename(SKILL_DIR));
  });

  it('describes what it does and when, within 1024 characters, without angle brackets, mentioning /flux-status', () => {
    const d = data.description;
    expect(typeof d).toBe('string');
    const text = String(d);
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThanOrEqual(1024);
    expect(text).not.toMatch(/[<>]/);
    expect(text).toContain('/flux-status');
    expect(text).toMatch(/\bUse it\b|\bwhen\b/i);
  });

  it('states the runtime needs in compatibility (at most 500 characters)', () => {
    const c = String(data.compatibility);
    expect(c.length).toBeLessThanOrEqual(500);
    expect(c).toMatch(/Node\.js 20/);
    expect(c).toMatch(/kubeconfig/);
  });

  it('has a string-to-string metadata map', () => {
    const m = data.metadata;
    expect(typeof m === 'object' && m !== null && !Array.isArray(m)).toBe(true);
    for (const v of Object.values(m as Record<string, unknown>)) expect(typeof v).toBe('string');
  });

  it('gives allowed-tools as one space-separated string of read-only tools', () => {
    const tools = data['allowed-tools'];
    expect(typeof tools).toBe('string');
    const entries = String(tools).match(/\w+(?:\([^)]*\))?/g) ?? [];
    expect(String(tools)).toContain('Bash(bash scripts/validate.sh --output markdown)');
    expect(String(tools)).toContain('Bash(sha256sum -c -)');
    // Exact commands only: in Claude Code a wildcard admits any further argument (--server, --record...).
    expect(entries.length).toBeGreaterThan(10);
    expect(String(tools)).not.toContain('*');
    // A broad `kubectl get:*` would pre-approve reading Secrets; every kubectl grant names a verb and kind.
    expect(String(tools)).not.toMatch(/Bash\(kubectl (get|describe):\*\)/);
    expect(String(tools)).not.toMatch(/\b(apply|delete|annotate|patch|edit|scale|reconcile|suspend|resume|create|port-forward)\b/);
    expect(String(tools)).not.toMatch(/secret/i);
  });

  it('uses no flow-style YAML anywhere in the frontmatter', () => {
    expect(flowStyleLines(rawFrontmatter(skillText))).toEqual([]);
  });

  it('the flow-style detector catches lists and maps', () => {
    expect(flowStyleLines("allowed-tools: ['Read', 'Bash']\nmetadata: {a: b}\nname: x\nitems:\n  - [a]")).toHaveLength(3);
    expect(flowStyleLines('description: uses [brackets] inside text\nname: x')).toEqual([]);
  });
});

describe('SKILL.md body', () => {
  it('is under 500 lines', () => {
    expect(skill.content.split('\n').length).toBeLessThan(500);
  });

  it('maps the /flux-status workflow onto every check id', () => {
    for (const c of CHECKS) expect(skill.content, c.id).toContain(`\`${c.id}\``);
  });

  it('states exactly one sha256, on the SUM line of a shell block', () => {
    const sums = skillText.match(/\b[0-9a-f]{64}\b/g) ?? [];
    expect(sums).toHaveLength(1);
    const block = codeBlocks(skillText).find((b) => /^SUM=[0-9a-f]{64}$/m.test(b.body));
    expect(block?.lang).toMatch(/^(sh|bash)$/);
    expect(block?.body).toContain('sha256sum -c');
    expect(block?.body).toContain('shasum -a 256 -c');
  });

  it('runs the script relative to the skill folder, with markdown output', () => {
    expect(skill.content).toContain('bash scripts/validate.sh --output markdown');
    expect(skill.content).not.toMatch(/bash \.github\/skills\/flux-operator\/scripts/);
  });

  it('documents the exit codes and the MCP helper', () => {
    for (const code of ['`0`', '`1`', '`2`']) expect(skill.content).toContain(code);
    expect(skill.content).toContain('bash scripts/validate.sh mcp-config --client');
    expect(skill.content).toContain('mcp-config --check');
  });
});

describe('MCP configurations shown in the skill text', () => {
  const docs = { 'SKILL.md': skillText, 'reference.md': fs.readFileSync(path.join(ROOT, 'reference.md'), 'utf8') };

  for (const [doc, text] of Object.entries(docs)) {
    it(`${doc}: every JSON server entry parses, runs serve read-only and sets an absolute KUBECONFIG`, () => {
      for (const b of codeBlocks(text).filter((x) => x.lang === 'json')) {
        const cfg = JSON.parse(b.body) as Record<string, Record<string, { command: string; args: string[]; env?: Record<string, string> }>>;
        const servers = cfg.servers ?? cfg.mcpServers ?? {};
        for (const e of Object.values(servers)) {
          expect(e.args).toEqual(['serve', '--read-only=true']);
          expect(e.env?.KUBECONFIG).toMatch(/^\//);
          expect(e.command).toMatch(/^\/.*flux-operator-mcp$/);
        }
      }
    });

    it(`${doc}: every flux-operator-mcp serve command line is read-only`, () => {
      const lines = codeBlocks(text).flatMap((b) => b.body.split('\n')).filter((l) => /flux-operator-mcp serve\b/.test(l));
      for (const l of lines) expect(l).toContain('--read-only=true');
    });

    it(`${doc}: uses the MCP tool names the server registers`, () => {
      expect(text).not.toContain('apply_kubernetes_resource');
      expect(text).not.toMatch(/read-only (mode )?is the (server's )?default|defaults? to read-only/i);
    });
  }

  it('reference.md shows VS Code, Claude Desktop and Claude Code configurations, and SKILL.md links to them', () => {
    const ref = docs['reference.md'];
    const shapes = codeBlocks(ref)
      .filter((b) => b.lang === 'json')
      .map((b) => Object.keys(JSON.parse(b.body) as object).join());
    expect(shapes).toEqual(expect.arrayContaining(['servers', 'mcpServers']));
    expect(ref).toMatch(/### VS Code/);
    expect(ref).toMatch(/### Claude Desktop/);
    expect(ref).toMatch(/### Claude Code/);
    expect(skillText).toContain('(reference.md#mcp-client-configurations)');
  });
});

describe('/flux-status command files', () => {
  const prompt = matter(fs.readFileSync(PROMPT, 'utf8'));
  const claude = matter(fs.readFileSync(CLAUDE_COMMAND, 'utf8'));

  it('VS Code prompt file: description, agent mode and tools', () => {
    const d = prompt.data as Record<string, unknown>;
    expect(typeof d.description).toBe('string');
    expect(d.agent).toBe('agent');
    expect(Array.isArray(d.tools)).toBe(true);
  });

  it('Claude Code command: description, allowed-tools, argument-hint, and $ARGUMENTS passed to the script', () => {
    const d = claude.data as Record<string, unknown>;
    expect(typeof d.description).toBe('string');
    expect(typeof d['allowed-tools']).toBe('string');
    expect(typeof d['argument-hint']).toBe('string');
    // The user's text is quoted as data; the command is built from the known options taken from it.
    expect(claude.content).toMatch(/^> \$ARGUMENTS$/m);
    expect(claude.content).not.toMatch(/validate\.sh[^\n]*\$ARGUMENTS/);
    expect(String(d['allowed-tools'])).not.toMatch(/Bash\(kubectl (get|describe):\*\)|secret/i);
  });

  for (const [file, doc] of [
    ['flux-status.prompt.md', prompt],
    ['flux-status.md', claude],
  ] as const) {
    it(`${file}: locates the skill, verifies the checksum and stops on failure, runs markdown output, follows the flow`, () => {
      const body = doc.content;
      expect(body).toContain('.github/skills/flux-operator');
      expect(body).toContain('.claude/skills/flux-operator');
      expect(body).toMatch(/SUM=/);
      expect(body).toContain('sha256sum -c');
      expect(body).toMatch(/\*\*stop\*\*/i);
      expect(body).toContain('--output markdown');
      expect(body).toMatch(/root causes/i);
      expect(body).toMatch(/MCP/);
      expect(body).toMatch(/mcp-config --client/);
    });
  }
});
