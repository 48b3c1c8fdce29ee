// SKILL.md's body stays well under the Agent Skills guidance of about 5,000 tokens, so an agent reads it
// quickly; details live in reference.md. Token counts are estimated two ways, both simple and stable:
// characters / 4 (the usual rule of thumb for English with BPE tokenizers) and a count of words, numbers and
// single punctuation marks (closer for Markdown heavy in symbols). The larger one must stay under 4,500.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SKILL_MD } from '../build/paths.js';

function tokenEstimate(text: string): number {
  const pieces = text.match(/[A-Za-z]+|\d+|[^\sA-Za-z\d]/g) ?? [];
  return Math.max(Math.ceil(text.length / 4), pieces.length);
}

const body = fs.readFileSync(SKILL_MD, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');

describe('SKILL.md body size', () => {
  it('is estimated under 4,500 tokens and under 500 lines', () => {
    expect(tokenEstimate(body)).toBeLessThan(4500);
    expect(body.split('\n').length).toBeLessThan(500);
  });

  it('keeps the workflow, verification, reading the report and when to move to MCP', () => {
    for (const heading of ['### 1. Verify the script', '### 2. Run it', '### 3. Read the report', '## MCP server setup', '## Debugging mindset']) {
      expect(body).toContain(`\n${heading}\n`);
    }
  });

  it('the estimate counts what it should', () => {
    expect(tokenEstimate('abcd'.repeat(100))).toBe(100);
    expect(tokenEstimate('a b c d')).toBe(4);
    expect(tokenEstimate('`--x`')).toBe(5);
  });
});
