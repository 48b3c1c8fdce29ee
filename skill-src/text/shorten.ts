// Shortening text for display and for bounded findings. Kubernetes, Helm and kustomize put the actual cause
// at the END of a message (`...: field is immutable`), so text is cut in the middle, never at the tail, and
// by code point, so no half of a surrogate pair (shown as U+FFFD) is ever left behind.

/** Share of the kept code points taken from the head; the rest comes from the tail, where causes are. */
const HEAD_SHARE = 0.4;

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Number of code points (a lone surrogate counts as one). No allocation, so huge strings stay cheap. */
export function codePointCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) i++;
    n++;
  }
  return n;
}

/** UTF-16 index just after the first `n` code points. */
function indexAfter(text: string, n: number): number {
  let i = 0;
  for (let k = 0; k < n && i < text.length; k++) i += isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
  return i;
}

/** UTF-16 index where the last `n` code points begin. */
function indexBefore(text: string, n: number): number {
  let i = text.length;
  for (let k = 0; k < n && i > 0; k++) i -= isLow(text.charCodeAt(i - 1)) && isHigh(text.charCodeAt(i - 2)) ? 2 : 1;
  return i;
}

/** The marker that replaces the middle of a shortened text. */
export function cutMarker(cut: number): string {
  return ` … [${cut} chars cut] … `;
}

/**
 * Keeps at most `max` code points of `text`: the head and, longer, the tail, with a marker in between
 * saying how many were cut. Text within the limit comes back unchanged.
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const total = codePointCount(text);
  if (total <= max) return text;
  const keep = Math.max(0, Math.floor(max));
  const head = Math.floor(keep * HEAD_SHARE);
  const tail = keep - head;
  return `${text.slice(0, indexAfter(text, head)).trimEnd()}${cutMarker(total - keep)}${text.slice(indexBefore(text, tail)).trimStart()}`;
}
