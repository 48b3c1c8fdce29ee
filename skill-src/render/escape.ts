// Object text (names, reasons, messages, hints quoting names) is data from the cluster: it must never move
// the cursor, forge a line, hide words from the reader, or pass for the report's own words. These helpers
// make it inert, bounded and free of credentials, in every output format and on stderr.
import { redactText } from '../kube/redact.js';
import { shorten } from '../text/shorten.js';

/**
 * Code points shown as visible escapes: controls (Cc: C0, DEL, C1 such as the 8-bit CSI 0x9b), format
 * characters (Cf: zero-width, bidi controls, soft hyphen, U+061C, interlinear annotations U+FFF9-FFFB, the
 * tag block U+E0000-E007F that spells instructions a model reads but a person cannot see), private use (Co),
 * lone surrogates (Cs), line and paragraph separators (Zl, Zp), every other default-ignorable code point
 * (U+034F, Hangul fillers U+115F/U+1160/U+3164/U+FFA0, U+180E, variation selectors FE00-FE0F and
 * E0100-E01EF, ...) and noncharacters. With the `u` flag a lone surrogate is one code point and matches Cs.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/gu;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\x1b' };

const hex = (code: number, width: number): string => code.toString(16).padStart(width, '0');

/** `\n`, `\x1b`, `\x9b`, `\u200b`, `\ud800` (a lone surrogate), `\u{e0041}`: ASCII only, so always visible. */
function visible(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${hex(code, 2)}`;
  return code <= 0xffff ? `\\u${hex(code, 4)}` : `\\u{${hex(code, 5)}}`;
}

/** Idempotent: the escapes are plain ASCII, so escaping twice changes nothing. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Anything as a string, so a malformed finding cannot crash a renderer. */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/**
 * Redacted, shortened in the middle, then escaped: one inert line. Redaction comes first so that a cut
 * never leaves half a credential that no longer looks like one.
 */
export function clean(value: unknown, max: number): string {
  return escapeControls(shorten(redactText(asText(value)), max));
}

/** Text for a terminal or log made of several lines: each line redacted and escaped, the line breaks kept. */
export function safeLines(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeControls(redactText(line)))
    .join('\n');
}

/**
 * Markdown inline code span holding object text. Backticks inside are replaced (so the span can only end
 * where the renderer ends it, and no fence can open), `<`/`>` become entities (no HTML), and control
 * characters are escaped (no new line, so no heading or list item). Empty text gets a visible placeholder.
 */
export function mdCode(value: unknown, max: number): string {
  const text = clean(value, max).replace(/`/g, "'").replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text.length === 0 ? '(empty)' : `\`${text}\``;
}

/** Renderer vocabulary that passed through a report (check ids and titles): only plain word characters survive. */
export function mdPlain(value: unknown, max: number): string {
  return clean(value, max).replace(/[^A-Za-z0-9 .,:;()/+_-]/g, '_');
}
