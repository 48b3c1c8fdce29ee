// VS Code's mcp.json and settings.json are JSON with comments and trailing commas; accept that, nothing more.

/** Index just past the JSON string starting at `i` (text[i] is the opening quote). */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

/**
 * Copies `text`, passing every stretch outside JSON strings through `outside` (strings are copied as they are).
 * `outside` gets the text and a position and returns what to emit and where to continue.
 */
function outsideStrings(text: string, outside: (text: string, i: number) => { emit: string; next: number }): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else {
      const step = outside(text, i);
      out += step.emit;
      i = step.next;
    }
  }
  return out;
}

const stripComments = (text: string): string =>
  outsideStrings(text, (t, i) => {
    if (t.startsWith('//', i)) {
      const nl = t.indexOf('\n', i);
      return { emit: '', next: nl < 0 ? t.length : nl };
    }
    if (t.startsWith('/*', i)) {
      const end = t.indexOf('*/', i + 2);
      return { emit: '', next: end < 0 ? t.length : end + 2 };
    }
    return { emit: t[i] ?? '', next: i + 1 };
  });

/** Drops a comma whose next non-space character closes an object or array. */
const stripTrailingCommas = (text: string): string =>
  outsideStrings(text, (t, i) => {
    if (t[i] !== ',') return { emit: t[i] ?? '', next: i + 1 };
    let j = i + 1;
    while (j < t.length && /\s/.test(t[j] ?? '')) j++;
    return { emit: t[j] === '}' || t[j] === ']' ? '' : ',', next: i + 1 };
  });

/** Removes comments and trailing commas outside strings, keeping string contents intact. */
export function stripJsonc(text: string): string {
  return stripTrailingCommas(stripComments(text));
}

/** Parses JSON or JSONC; throws SyntaxError like JSON.parse. A byte-order mark is ignored. */
export function parseJsonc(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch {
    return JSON.parse(stripJsonc(body));
  }
}
