// Markdown helpers for the skill-text tests: GitHub heading anchors and the links of a document, both
// ignoring fenced code blocks and inline code, as GitHub renders them.

/** Lines outside fenced code blocks, with their 1-based line numbers. */
export function proseLines(md: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | undefined;
  md.split('\n').forEach((text, i) => {
    const m = /^\s*(`{3,}|~{3,})/.exec(text);
    if (m?.[1]) {
      const marker = m[1];
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return;
    }
    if (fence === undefined) out.push({ line: i + 1, text });
  });
  return out;
}

/** The text GitHub renders for heading markup: links become their text, code and emphasis lose their marks. */
export function headingText(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/\*(.+?)\*/g, '$1')
    // Underscores mark emphasis only at word boundaries (snake_case names stay as they are).
    .replace(/(^|\W)__?(.+?)__?(?=\W|$)/g, '$1$2')
    .trim();
}

/** GitHub's anchor for a heading text (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
export function githubSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a document defines, with GitHub's -1, -2 suffixes for repeated headings. */
export function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const { text } of proseLines(md)) {
    const m = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(text);
    if (!m?.[1]) continue;
    const base = githubSlug(headingText(m[1]));
    const n = seen.get(base);
    seen.set(base, (n ?? -1) + 1);
    out.add(n === undefined ? base : `${base}-${n + 1}`);
  }
  return out;
}

export interface Link {
  line: number;
  target: string;
}

/** Inline links `[text](target)` outside code; images included, autolinks and bare URLs not. */
export function links(md: string): Link[] {
  const out: Link[] = [];
  for (const { line, text } of proseLines(md)) {
    const withoutCode = text.replace(/`[^`]*`/g, '');
    for (const m of withoutCode.matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (m[1]) out.push({ line, target: m[1] });
    }
  }
  return out;
}

/** Fenced code blocks with their info string. */
export function codeBlocks(md: string): { lang: string; body: string }[] {
  return [...md.matchAll(/^(`{3,})([^\n`]*)\n([\s\S]*?)^\1\s*$/gm)].map((m) => ({ lang: (m[2] ?? '').trim(), body: m[3] ?? '' }));
}
