// Units of text safety: visible escapes for every invisible code point, shortening in the middle by code
// point, parse errors and credential-plugin failures that never quote what they read.
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseProblem } from '../../skill-src/app/errors.js';
import { credentialFailure, execCommand } from '../../skill-src/kube/credential-errors.js';
import { clean, escapeControls, mdCode, safeLines } from '../../skill-src/render/escape.js';
import { codePointCount, shorten } from '../../skill-src/text/shorten.js';
import { rawInvisible, tagged } from '../helpers/hostile.js';

describe('escapeControls', () => {
  // Every class the issue names, one or more code points each, with the escape a reader sees.
  const CASES: [string, string, string][] = [
    ['C0 controls', '\u0000\u0007\u001b\u001f', '\\x00\\x07\\x1b\\x1f'],
    ['line breaks and tab', 'a\nb\rc\td', 'a\\nb\\rc\\td'],
    ['DEL and C1 (8-bit CSI)', '\u007f\u0085\u009b', '\\x7f\\x85\\x9b'],
    ['soft hyphen', 'x\u00ady', 'x\\xady'],
    ['combining grapheme joiner, Arabic letter mark', '\u034f\u061c', '\\u034f\\u061c'],
    ['Hangul fillers', '\u115f\u1160\u3164\uffa0', '\\u115f\\u1160\\u3164\\uffa0'],
    ['Mongolian vowel separator and free variation selectors', '\u180e\u180b', '\\u180e\\u180b'],
    ['zero-width and directional marks', '\u200b\u200c\u200d\u200e\u200f', '\\u200b\\u200c\\u200d\\u200e\\u200f'],
    ['line and paragraph separators', '\u2028\u2029', '\\u2028\\u2029'],
    ['bidi embeddings, overrides and isolates', '\u202a\u202e\u2066\u2069', '\\u202a\\u202e\\u2066\\u2069'],
    ['word joiner, invisible operators, deprecated format characters', '\u2060\u2064\u206a\u206f', '\\u2060\\u2064\\u206a\\u206f'],
    ['variation selectors', '\ufe00\ufe0f\u{e0100}\u{e01ef}', '\\ufe00\\ufe0f\\u{e0100}\\u{e01ef}'],
    ['byte order mark and interlinear annotation', '\ufeff\ufff9\ufffa\ufffb', '\\ufeff\\ufff9\\ufffa\\ufffb'],
    ['tag block', '\u{e0001}\u{e0041}\u{e007f}', '\\u{e0001}\\u{e0041}\\u{e007f}'],
    ['lone surrogates', 'a\ud800b\udfffc', 'a\\ud800b\\udfffc'],
    ['private use', '\ue000\uf8ff\u{f0000}\u{10fffd}', '\\ue000\\uf8ff\\u{f0000}\\u{10fffd}'],
    ['noncharacters', '\ufffe\uffff', '\\ufffe\\uffff'],
  ];
  for (const [name, raw, shown] of CASES) {
    it(`shows ${name} as visible escapes`, () => {
      expect(escapeControls(raw)).toBe(shown);
      expect(rawInvisible(escapeControls(raw))).toEqual([]);
    });
  }

  it('hides nothing of a hidden instruction: tags come out as readable code points', () => {
    const out = escapeControls(`ok${tagged('rm')}`);
    expect(out).toBe('ok\\u{e0072}\\u{e006d}');
  });

  it('leaves visible text alone: accents, CJK, emoji, U+FFFD, quotes', () => {
    const visible = 'café 東京 😀 👍 \ufffd "quoted" `code` <tag> ~!@#$%^&*()';
    expect(escapeControls(visible)).toBe(visible);
  });

  it('is idempotent', () => {
    const once = escapeControls(`\u001b[2J\u{e0041}\ud800\n`);
    expect(escapeControls(once)).toBe(once);
  });

  it('safeLines keeps line breaks, escapes and redacts each line', () => {
    expect(safeLines(`one \u001b[2J\u{e0041}\ntwo https://ghp_${'a'.repeat(36)}@github.com/x\n`)).toBe('one \\x1b[2J\\u{e0041}\ntwo https://**REDACTED**@github.com/x\n');
  });

  it('mdCode keeps every escape inside one code span', () => {
    expect(mdCode('a\n# b\u{e0041}`', 100)).toBe("`a\\n# b\\u{e0041}'`");
  });
});

describe('shorten', () => {
  it('leaves text within the limit unchanged, counting code points, not UTF-16 units', () => {
    expect(shorten('abc', 3)).toBe('abc');
    const emoji = '😀'.repeat(10);
    expect(emoji.length).toBe(20);
    expect(shorten(emoji, 10)).toBe(emoji);
  });

  it('cuts in the middle and keeps the tail, where Kubernetes puts the cause', () => {
    const msg = `Deployment.apps "web" is invalid: spec.selector: ${'x'.repeat(600)}: field is immutable`;
    const out = shorten(msg, 100);
    expect(out.startsWith('Deployment.apps "web" is invalid')).toBe(true);
    expect(out.endsWith(': field is immutable')).toBe(true);
    expect(out).toMatch(/ … \[\d+ chars cut\] … /);
    const [, cut] = / … \[(\d+) chars cut\] … /.exec(out) ?? [];
    expect(Number(cut)).toBe(codePointCount(msg) - 100);
  });

  it('never splits a surrogate pair, wherever the cut falls', () => {
    for (let max = 1; max <= 40; max++) {
      for (const text of ['😀'.repeat(50), `a${'😀'.repeat(50)}`, `${'😀'.repeat(25)}b${'😀'.repeat(25)}`, '\u{e0041}'.repeat(60)]) {
        const out = shorten(text, max);
        expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
        expect(out.replace(/ … \[\d+ chars cut\] … /, '').length).toBeLessThanOrEqual(2 * max);
        expect(Buffer.from(out, 'utf8').toString('utf8')).not.toContain('\ufffd');
      }
    }
  });

  it('counts a lone surrogate as one code point and keeps it lone (it is escaped later, never turned into U+FFFD)', () => {
    const out = clean(`${'a'.repeat(10)}\ud800${'b'.repeat(10)}`, 30);
    expect(out).toBe(`${'a'.repeat(10)}\\ud800${'b'.repeat(10)}`);
  });

  it('stays cheap on huge text', () => {
    const big = 'y'.repeat(5_000_000);
    const out = shorten(big, 1000);
    expect(out).toContain('[4999000 chars cut]');
  });
});

describe('parseProblem: a parse error never quotes the file', () => {
  const TOKEN = `ghp_${'Z'.repeat(36)}`;
  const bad = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (err) {
      return err;
    }
    throw new Error('did not throw');
  };

  it('a bare token given as JSON', () => {
    const why = parseProblem(bad(() => JSON.parse(TOKEN)));
    expect(why).not.toContain('ghp_');
    expect(why).not.toContain('Z');
    expect(why).toMatch(/invalid syntax/);
  });

  it('YAML with a token in a bad line, an alias and a tag', () => {
    for (const text of [`a: b\n c: ${TOKEN}`, `a: *${TOKEN}`, `a: !<tag:${TOKEN}> x`, `a: !${TOKEN} x`, `token: "${TOKEN}`]) {
      const why = parseProblem(bad(() => yaml.load(text)));
      expect(why, text).not.toContain('ghp_');
      expect(why, text).toMatch(/at line \d+, column \d+/);
    }
  });
});

describe('credentialFailure: an exec plugin is summarised, never quoted', () => {
  const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJl';

  it('finds the plugin of a user, directly or through an auth provider', () => {
    expect(execCommand({ exec: { command: '/usr/local/bin/aws', args: ['--token', 'x'] } })).toBe('/usr/local/bin/aws');
    expect(execCommand({ authProvider: { config: { exec: { command: 'gke-gcloud-auth-plugin' } } } })).toBe('gke-gcloud-auth-plugin');
    expect(execCommand({})).toBeUndefined();
    expect(execCommand(null)).toBeUndefined();
  });

  it('its stderr (client-node throws it as the message) is counted, not copied', () => {
    const why = credentialFailure(new Error(`error: token ${TOKEN} expired\nretry with --token=${TOKEN}\n`), '/opt/bin/get-token');
    expect(why).not.toContain(TOKEN);
    expect(why).not.toContain('expired');
    expect(why).toBe('the exec credential plugin get-token failed with 2 lines of error output, not shown as it may hold credentials; run any kubectl command with this context to see its own message');
  });

  it('invalid stdout: JSON.parse quotes its start, which is the token', () => {
    let err: unknown;
    try {
      JSON.parse(TOKEN);
    } catch (e) {
      err = e;
    }
    const why = credentialFailure(err, 'get-token');
    expect(why).not.toContain('eyJ');
    expect(why).toMatch(/printed no valid ExecCredential JSON/);
  });

  it('a missing plugin is named, without its arguments', () => {
    const err = Object.assign(new Error('spawn get-token ENOENT'), { code: 'ENOENT' });
    expect(credentialFailure(err, 'get-token')).toBe('the exec credential plugin get-token was not found (is it installed and on PATH?)');
  });

  it('without a plugin, the first line of the error', () => {
    expect(credentialFailure(new Error('ENOENT: no such file or directory, open /x/client.crt\nmore'), undefined)).toBe('ENOENT: no such file or directory, open /x/client.crt');
  });
});
