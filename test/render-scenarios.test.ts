// Every recorded scenario and two generated fleets, through the real checks and all three renderers: the
// JSON follows report.schema.json, the markdown keeps its size targets and stays inert, the text stays clean.
import fs from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportFor, snapshotState } from '../skill-src/app/validate.js';
import type { ValidateOptions } from '../skill-src/cli/args.js';
import type { Report } from '../skill-src/model.js';
import { renderJson } from '../skill-src/render/json.js';
import { renderMarkdown } from '../skill-src/render/markdown.js';
import { renderText } from '../skill-src/render/text.js';
import { generate } from '../scripts/fleet/generate.js';
import { type Schema, validate } from './helpers/json-schema.js';
import { tempDir } from './helpers/temp.js';

const SCENARIOS = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'scenarios');
const schema = JSON.parse(fs.readFileSync(new URL('../skill-src/report/report.schema.json', import.meta.url), 'utf8')) as Schema;
const md = new MarkdownIt({ html: true, linkify: true });
const RAW_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

async function reportOf(file: string): Promise<Report> {
  const opts: ValidateOptions = { command: 'validate', contexts: [], allContexts: false, output: 'json', snapshot: file, timeoutSeconds: 60, probeUi: true, noColor: true };
  return reportFor(await snapshotState(opts));
}

function checkFormats(report: Report): void {
  expect(validate(schema, JSON.parse(renderJson(report)))).toEqual([]);
  const markdown = renderMarkdown(report);
  expect(Buffer.byteLength(markdown)).toBeLessThan(report.verdict === 'healthy' ? 4000 : 12_000);
  const types = new Set(md.parse(markdown, {}).flatMap((t) => [t.type, ...(t.children ?? []).map((c) => c.type)]));
  for (const forbidden of ['fence', 'code_block', 'html_block', 'html_inline', 'link_open', 'image']) expect(types.has(forbidden), forbidden).toBe(false);
  expect(renderText(report, { color: false })).not.toMatch(RAW_UNSAFE);
}

const files = fs.readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml') && !f.endsWith('.side.yaml'));

describe('recorded scenarios in every format', () => {
  it('has scenarios to render', () => {
    expect(files.length).toBeGreaterThan(10);
  });
  for (const file of files) {
    it(file, async () => {
      checkFormats(await reportOf(path.join(SCENARIOS, file)));
    });
  }
});

describe('generated fleets', () => {
  const dir = tempDir('render-fleets');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    await generate({ objects: 10_000, failures: 0, seed: 3, out: path.join(dir, 'healthy.yaml') });
    await generate({ objects: 10_000, failures: 200, seed: 3, out: path.join(dir, 'failing.yaml') });
  });

  it('a healthy fleet of 10,000 objects: markdown under 4 KB', async () => {
    const report = await reportOf(path.join(dir, 'healthy.yaml'));
    expect(report.verdict).toBe('healthy');
    expect(report.summary.kinds.reduce((n, k) => n + k.running, 0)).toBeGreaterThan(5000);
    checkFormats(report);
  });

  it('a fleet with 200 failures: markdown under 12 KB, root causes grouped', async () => {
    const report = await reportOf(path.join(dir, 'failing.yaml'));
    expect(report.verdict).toBe('failed');
    expect(report.rootCauses.length).toBeLessThan(report.summary.errors);
    checkFormats(report);
  });
});
