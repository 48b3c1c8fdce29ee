// Every relative link and #anchor in the skill text, the command files and README resolves, using
// GitHub's heading anchors: a hint's `reference.md#reason` and a reader's click land where they should.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SKILL_DIR, SKILL_MD, SKILL_REFERENCE, TOP_REFERENCE } from '../build/paths.js';
import { anchors, githubSlug, headingText, links } from './helpers/skill-markdown.js';

const FILES = [
  SKILL_MD,
  // The copy users get, next to SKILL.md: relative links are resolved from there.
  SKILL_REFERENCE,
  path.join(ROOT, '.github', 'prompts', 'flux-status.prompt.md'),
  path.join(ROOT, '.claude', 'commands', 'flux-status.md'),
  path.join(ROOT, 'README.md'),
];

const anchorCache = new Map<string, Set<string>>();
function anchorsOf(file: string): Set<string> {
  let a = anchorCache.get(file);
  if (!a) {
    a = anchors(fs.readFileSync(file, 'utf8'));
    anchorCache.set(file, a);
  }
  return a;
}

/** Problems with one link of `file`, or undefined when it resolves. */
function broken(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto: and the like
  const [rawPath = '', fragment] = target.split('#', 2);
  const dest = rawPath === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(rawPath));
  if (!fs.existsSync(dest)) return `${target}: ${path.relative(ROOT, dest)} does not exist`;
  if (fragment !== undefined && dest.endsWith('.md') && !anchorsOf(dest).has(fragment)) return `${target}: no heading makes #${fragment} in ${path.relative(ROOT, dest)}`;
  return undefined;
}

describe('GitHub heading anchors', () => {
  it('slugs headings as GitHub does', () => {
    expect(githubSlug(headingText('MCP server setup'))).toBe('mcp-server-setup');
    expect(githubSlug(headingText('/flux-status'))).toBe('flux-status');
    expect(githubSlug(headingText('1. Verify the script'))).toBe('1-verify-the-script');
    expect(githubSlug(headingText('VS Code (GitHub Copilot Chat)'))).toBe('vs-code-github-copilot-chat');
    expect(githubSlug(headingText('Reasons: reading the cluster'))).toBe('reasons-reading-the-cluster');
    expect(githubSlug(headingText('`OCIArtifactPullFailed`'))).toBe('ociartifactpullfailed');
    expect(githubSlug(headingText('Why `serve` is *read-only*'))).toBe('why-serve-is-read-only');
    expect(githubSlug(headingText('get_flux_instance'))).toBe('get_flux_instance');
  });

  it('numbers repeated headings and ignores headings inside code blocks', () => {
    const a = anchors('# Title\n## Setup\n## Setup\n```sh\n# not a heading\n```\n');
    expect([...a]).toEqual(['title', 'setup', 'setup-1']);
  });

  it('finds links outside code only', () => {
    const l = links('See [a](b.md#c) and `[x](y.md)`.\n```md\n[z](w.md)\n```\n');
    expect(l.map((x) => x.target)).toEqual(['b.md#c']);
  });
});

describe('links resolve', () => {
  it('the skill folder carries the current reference.md (run npm run build after editing it)', () => {
    expect(fs.readFileSync(SKILL_REFERENCE, 'utf8')).toBe(fs.readFileSync(TOP_REFERENCE, 'utf8'));
  });

  for (const file of FILES) {
    it(path.relative(ROOT, file), () => {
      const md = fs.readFileSync(file, 'utf8');
      const problems = links(md)
        .map((l) => ({ l, why: broken(file, l.target) }))
        .filter((x) => x.why !== undefined)
        .map((x) => `line ${x.l.line}: ${x.why}`);
      expect(problems).toEqual([]);
    });
  }

  it('reports a missing file and a missing anchor', () => {
    expect(broken(SKILL_MD, 'reference.md#no-such-section')).toMatch(/no heading makes #no-such-section/);
    expect(broken(SKILL_MD, 'missing.md')).toMatch(/does not exist/);
    expect(broken(SKILL_MD, 'reference.md#authenticationfailed')).toBeUndefined();
    expect(broken(SKILL_MD, 'https://example.com/x#y')).toBeUndefined();
  });

  it('SKILL.md has the #mcp-server-setup anchor the report and the commands point users to', () => {
    expect(anchorsOf(SKILL_MD).has('mcp-server-setup')).toBe(true);
  });

  it('every reason heading in reference.md has its own anchor, equal to the reason in lower case', () => {
    const ref = fs.readFileSync(SKILL_REFERENCE, 'utf8');
    const a = anchorsOf(SKILL_REFERENCE);
    const reasons = [...ref.matchAll(/^###\s+([A-Za-z0-9]+)\s*$/gm)].map((m) => m[1] ?? '');
    expect(reasons.length).toBeGreaterThan(50);
    for (const r of reasons) expect(a.has(r.toLowerCase()), r).toBe(true);
  });

  it('reference.md needs nothing outside the skill folder', () => {
    const outside = links(fs.readFileSync(SKILL_REFERENCE, 'utf8'))
      .map((l) => l.target)
      .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'))
      .filter((t) => !path.resolve(SKILL_DIR, t.split('#')[0] ?? '').startsWith(SKILL_DIR + path.sep));
    expect(outside).toEqual([]);
  });
});
