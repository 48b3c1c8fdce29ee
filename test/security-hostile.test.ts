// Hostile object text through the BUILT validate.sh: terminal escapes, bidi and zero-width characters,
// Markdown structure, HTML, links and text posing as instructions, planted in names, reasons, messages,
// annotations and events. No output carries a raw control, format or default-ignorable code point (Unicode
// tags, variation selectors, lone surrogates...), not even inside a parsed JSON string; in markdown every piece
// of object text stays inside an inline code span; JSON parses and shows the text with visible escapes.
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../skill-src/kube/types.js';
import { renderText } from '../skill-src/render/text.js';
import { runScript, type ScriptResult } from './helpers/built.js';
import { cleanEnv } from './helpers/golden.js';
import { HEALTHY, HOSTILE_SCENARIO, HOSTILE_TEXTS, INJECTION, MARK, loadScenario, noiseLines, parseReport, rawInvisible, strings, unescapeVisible, writeRecording } from './helpers/hostile.js';
import { startReplay } from './helpers/replay.js';
import { AMPLE_TIMEOUT_S } from './helpers/timeouts.js';

/** The renderer's own colour: SGR sequences only. */
const SGR = /\u001b\[[0-9;]*m/g;

type Formats = Record<'text' | 'markdown' | 'json', ScriptResult>;

/** healthy.yaml plus a failing Kustomization whose name, reason, message, annotation and Warning event carry `text`. */
function hostileRecording(text: string): string {
  const rec = loadScenario(HEALTHY);
  const apps = rec.objects.find((o) => o.kind === 'Kustomization' && o.metadata?.name === 'apps');
  if (!apps) throw new Error('healthy.yaml has no Kustomization apps');
  const name = `h-${text}`;
  const copy = JSON.parse(JSON.stringify(apps)) as KubeObject & { status: { conditions: Record<string, unknown>[] } };
  copy.metadata = { ...copy.metadata, name, annotations: { 'acme.example/note': text } };
  copy.status.conditions = [{ type: 'Ready', status: 'False', reason: `Forged${text}`, message: text, lastTransitionTime: '2026-11-25T09:50:00Z', observedGeneration: 3 }];
  const event = {
    apiVersion: 'v1',
    kind: 'Event',
    type: 'Warning',
    reason: `Forged${text}`,
    message: text,
    count: 2,
    firstTimestamp: '2026-11-25T09:40:00Z',
    lastTimestamp: '2026-11-25T09:55:00Z',
    involvedObject: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', name, namespace: 'flux-system' },
    metadata: { name: 'hostile.event', namespace: 'flux-system', creationTimestamp: '2026-11-25T09:40:00Z' },
    source: { component: 'kustomize-controller' },
  };
  rec.objects.push(copy, event as KubeObject);
  return writeRecording(rec, 'hostile');
}

async function snapshotFormats(file: string): Promise<Formats> {
  const run = (output: string): Promise<ScriptResult> => runScript(['--snapshot', file, '--output', output], { env: cleanEnv() });
  const [text, markdown, json] = await Promise.all([run('text'), run('markdown'), run('json')]);
  return { text, markdown, json };
}

async function liveFormats(file: string): Promise<Formats> {
  const replay = await startReplay(file);
  try {
    const run = (output: string): Promise<ScriptResult> => runScript(['--kubeconfig', replay.kubeconfigPath, '--output', output, '--timeout', String(AMPLE_TIMEOUT_S)], { env: cleanEnv() });
    const [text, markdown, json] = await Promise.all([run('text'), run('markdown'), run('json')]);
    return { text, markdown, json };
  } finally {
    await replay.close();
  }
}

const md = new MarkdownIt({ html: true, linkify: true });

function flatTokens(markdown: string): Token[] {
  const out: Token[] = [];
  const walk = (list: Token[]): void => {
    for (const t of list) {
      out.push(t);
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(markdown, {}));
  return out;
}

/** Markers of hostile text: where they occur tells object text from the report's own words. */
function expectInert(out: Formats, markers: readonly string[]): void {
  for (const r of Object.values(out)) {
    expect(noiseLines(r.stderr), r.stderr).toEqual([]);
    expect([0, 1]).toContain(r.exitCode);
  }

  // No output holds U+FFFD: a lone surrogate written raw, or text cut inside a pair, would show as one.
  for (const r of Object.values(out)) expect(r.stdout).not.toContain('\ufffd');

  // Text: no raw control or invisible character; with colour, only the renderer's own SGR sequences.
  expect(rawInvisible(out.text.stdout, true)).toEqual([]);
  expect(rawInvisible(out.text.stderr, true)).toEqual([]);
  expect(markers.some((m) => out.text.stdout.includes(m))).toBe(true);
  const colored = renderText(parseReport(out.json.stdout), { color: true });
  expect(colored).toMatch(SGR);
  expect(rawInvisible(colored.replace(SGR, ''), true)).toEqual([]);

  // Markdown: no line from object text opens a block, no fence, no HTML, no live link or image, and the
  // markers appear only inside code spans.
  const mdOut = out.markdown.stdout;
  expect(rawInvisible(mdOut, true)).toEqual([]);
  for (const line of mdOut.split('\n')) {
    expect(line).not.toMatch(/^\s{0,3}(`{3,}|~{3,})/);
    if (/^\s*(#|<|>|\[|!\[|\|)/.test(line)) for (const m of markers) expect(line).not.toContain(m);
    for (const m of markers) expect(line.trimStart().startsWith(m)).toBe(false);
  }
  const tokens = flatTokens(mdOut);
  const types = new Set(tokens.map((t) => t.type));
  for (const forbidden of ['fence', 'code_block', 'html_block', 'html_inline', 'link_open', 'image', 'blockquote_open', 'table_open']) expect(types.has(forbidden), forbidden).toBe(false);
  const outsideCode = tokens.filter((t) => t.type === 'text').map((t) => t.content).join('\n');
  const insideCode = tokens.filter((t) => t.type === 'code_inline').map((t) => t.content).join('\n');
  for (const m of markers) expect(outsideCode).not.toContain(m);
  expect(markers.some((m) => insideCode.includes(m))).toBe(true);

  // JSON: parses, and neither the bytes nor any parsed string carry a raw control or invisible character.
  expect(rawInvisible(out.json.stdout, true)).toEqual([]);
  expect(strings(parseReport(out.json.stdout)).flatMap((s) => rawInvisible(s))).toEqual([]);
}

/** One-line form of object text, as checks quote messages. */
const flat = (s: string): string => s.replace(/\s*\n\s*/g, ' ').replace(/\s+/g, ' ').trim();

/** Three runs of the built script per case, all cases at once on a shared machine: time is generous, never asserted. */
const SLOW = { timeout: 180_000 };

describe.concurrent('generated hostile text in names, reasons, messages, annotations and events', SLOW, () => {
  for (const h of HOSTILE_TEXTS) {
    it(h.name, async () => {
      const out = await snapshotFormats(hostileRecording(h.text));
      expectInert(out, [MARK, INJECTION]);
      const report = parseReport(out.json.stdout);
      expect(out.json.exitCode).toBe(1);
      // JSON shows the text with visible escapes that say exactly what was there: undone, they give back the
      // name exactly and the message as the check quotes it (one line).
      const all = strings(report).map(unescapeVisible);
      expect(report.checks.flatMap((c) => c.findings).some((f) => unescapeVisible(f.resource.name) === `h-${h.text}`)).toBe(true);
      expect(all.some((s) => flat(s).includes(flat(h.text)))).toBe(true);
    });
  }
});

describe.concurrent('the hostile-text scenario', SLOW, () => {
  const MARKERS = ['Ignore previous instructions', 'evil.example', 'pwned', 'all checks passed', 'Click here'];

  it('snapshot: every format inert', async () => {
    const out = await snapshotFormats(HOSTILE_SCENARIO);
    expectInert(out, MARKERS);
    expect(out.json.exitCode).toBe(1);
  });

  it('live: every format inert', async () => {
    const out = await liveFormats(HOSTILE_SCENARIO);
    expectInert(out, MARKERS);
    expect(out.json.exitCode).toBe(1);
    expect(parseReport(out.json.stdout).cluster.mode).toBe('live');
  });
});
