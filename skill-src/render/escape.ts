// Object text (names, reasons, messages, hints quoting names) is data from the cluster: it must never move
// the cursor, forge a line, or pass for the report's own words. These helpers make it inert and bounded.

/**
 * Characters shown as visible escapes: C0 and C1 controls (ESC, CR, LF, BEL, the 8-bit CSI 0x9b...), DEL,
 * Unicode line/paragraph separators, bidirectional overrides and zero-width characters (which can reorder
 * or hide text on screen).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\x1b' };

function visible(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function escapeControls(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Keeps the first `max` characters (code points, so no half surrogate pair) and says how many were cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max).join('')}… [truncated ${chars.length - max} chars]`;
}

/** Truncated, then escaped: one inert line. Accepts anything, so a malformed finding cannot crash a renderer. */
export function clean(value: unknown, max: number): string {
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  return escapeControls(truncate(text, max));
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
