// A small TOML reader for Codex's config.toml: tables, arrays of tables, dotted and quoted keys, strings
// (basic, literal, multi-line), numbers, booleans, dates (kept as text), arrays and inline tables. Bounded:
// the file size and nesting are limited, and every error names its line.

export class TomlError extends Error {
  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.name = 'TomlError';
  }
}

type Table = Record<string, unknown>;

const MAX_BYTES = 1024 * 1024;
const MAX_DEPTH = 32;

const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Tables without a prototype: a key named __proto__ or constructor is just a key. */
const newTable = (): Table => Object.create(null) as Table;

class Reader {
  i = 0;
  constructor(readonly text: string) {}

  line(): number {
    let n = 1;
    for (let k = 0; k < this.i && k < this.text.length; k++) if (this.text[k] === '\n') n++;
    return n;
  }
  fail(message: string): never {
    throw new TomlError(message, this.line());
  }
  peek(n = 0): string {
    return this.text[this.i + n] ?? '';
  }
  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.i);
  }
  /** Spaces and tabs. */
  blanks(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.i++;
  }
  /** Blanks, newlines and comments (inside arrays). */
  space(): void {
    for (;;) {
      this.blanks();
      if (this.peek() === '#') while (this.i < this.text.length && this.peek() !== '\n') this.i++;
      else if (this.peek() === '\n' || this.peek() === '\r') this.i++;
      else return;
    }
  }
  /** The rest of a line: blanks and an optional comment, then a newline or the end. */
  endOfLine(): void {
    this.blanks();
    if (this.peek() === '#') while (this.i < this.text.length && this.peek() !== '\n') this.i++;
    if (this.peek() === '\r') this.i++;
    if (this.i < this.text.length && this.peek() !== '\n') this.fail(`unexpected ${JSON.stringify(this.peek())} after a value`);
    this.i++;
  }

  key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.blanks();
      const c = this.peek();
      if (c === '"') parts.push(this.basicString());
      else if (c === "'") parts.push(this.literalString());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(this.text.slice(this.i, this.i + 256));
        if (!m) this.fail('expected a key');
        parts.push(m[0]);
        this.i += m[0].length;
      }
      this.blanks();
      if (this.peek() !== '.') return parts;
      this.i++;
    }
  }

  basicString(): string {
    if (this.startsWith('"""')) return this.multiline('"""', true);
    this.i++;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === '' || c === '\n') this.fail('unterminated string');
      this.i++;
      if (c === '"') return out;
      out += c === '\\' ? this.escape() : c;
    }
  }
  literalString(): string {
    if (this.startsWith("'''")) return this.multiline("'''", false);
    const end = this.text.indexOf("'", this.i + 1);
    const nl = this.text.indexOf('\n', this.i + 1);
    if (end < 0 || (nl >= 0 && nl < end)) this.fail('unterminated string');
    const s = this.text.slice(this.i + 1, end);
    this.i = end + 1;
    return s;
  }
  multiline(delim: string, escapes: boolean): string {
    this.i += 3;
    if (this.peek() === '\n') this.i++;
    else if (this.startsWith('\r\n')) this.i += 2;
    let out = '';
    for (;;) {
      if (this.i >= this.text.length) this.fail('unterminated multi-line string');
      if (this.startsWith(delim)) {
        this.i += 3;
        // Up to two quotes right before the closing delimiter belong to the string.
        while (this.peek() === delim[0] && out.length < 2) {
          out += delim[0];
          this.i++;
        }
        return out;
      }
      const c = this.peek();
      this.i++;
      if (escapes && c === '\\') {
        if (/^[ \t]*\r?\n/.test(this.text.slice(this.i, this.i + 64))) {
          while (/\s/.test(this.peek())) this.i++;
        } else out += this.escape();
      } else out += c;
    }
  }
  escape(): string {
    const c = this.peek();
    this.i++;
    const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };
    if (simple[c] !== undefined) return simple[c] ?? '';
    if (c === 'u' || c === 'U') {
      const len = c === 'u' ? 4 : 8;
      const hex = this.text.slice(this.i, this.i + len);
      if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== len) this.fail('invalid unicode escape');
      this.i += len;
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail('invalid unicode escape');
      return String.fromCodePoint(cp);
    }
    return this.fail(`invalid escape \\${c}`);
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    const c = this.peek();
    if (c === '"') return this.basicString();
    if (c === "'") return this.literalString();
    if (c === '[') return this.array(depth);
    if (c === '{') return this.inlineTable(depth);
    const rest = this.text.slice(this.i, this.i + 128);
    const date = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/.exec(rest);
    const m = date ?? /^[^\s,\]}#]+/.exec(rest);
    if (!m) this.fail('expected a value');
    const word = m[0];
    this.i += word.length;
    if (date) return word;
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (/^[+-]?(\d[\d_]*)(\.\d[\d_]*)?([eE][+-]?\d+)?$/.test(word)) return Number(word.replace(/_/g, ''));
    if (/^[+-]?(inf|nan)$/.test(word) || /^0[xob][0-9A-Fa-f_]+$/.test(word)) return word;
    if (/^\d{2}:\d{2}/.test(word)) return word;
    return this.fail(`invalid value ${JSON.stringify(word.slice(0, 40))}`);
  }
  array(depth: number): unknown[] {
    this.i++;
    const out: unknown[] = [];
    for (;;) {
      this.space();
      if (this.peek() === ']') {
        this.i++;
        return out;
      }
      out.push(this.value(depth + 1));
      this.space();
      if (this.peek() === ',') this.i++;
      else if (this.peek() !== ']') this.fail('expected , or ] in an array');
    }
  }
  inlineTable(depth: number): Table {
    this.i++;
    const out = newTable();
    this.blanks();
    if (this.peek() === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      const key = this.key();
      if (this.peek() !== '=') this.fail('expected = after a key');
      this.i++;
      this.blanks();
      assign(this, out, key, this.value(depth + 1));
      this.blanks();
      if (this.peek() === ',') {
        this.i++;
        continue;
      }
      if (this.peek() === '}') {
        this.i++;
        return out;
      }
      this.fail('expected , or } in an inline table');
    }
  }
}

function assign(r: Reader, table: Table, key: string[], value: unknown): void {
  let t = table;
  for (const part of key.slice(0, -1)) {
    const next = t[part] ?? (t[part] = newTable());
    if (!isTable(next)) r.fail(`key ${key.join('.')} redefines a value`);
    t = next;
  }
  const last = key[key.length - 1] ?? '';
  if (Object.prototype.hasOwnProperty.call(t, last)) r.fail(`key ${key.join('.')} is defined twice`);
  t[last] = value;
}

/** Parses a TOML document into plain objects; throws TomlError naming the line. */
export function parseToml(text: string): Table {
  if (text.length > MAX_BYTES) throw new TomlError(`the file is larger than ${MAX_BYTES} bytes`, 1);
  const r = new Reader(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const root = newTable();
  let current = root;
  for (;;) {
    r.space();
    if (r.i >= r.text.length) return root;
    if (r.peek() === '[') {
      const arrayTable = r.startsWith('[[');
      r.i += arrayTable ? 2 : 1;
      const key = r.key();
      if (!r.startsWith(arrayTable ? ']]' : ']')) r.fail('expected ] after a table name');
      r.i += arrayTable ? 2 : 1;
      if (key.length > MAX_DEPTH) r.fail(`nesting deeper than ${MAX_DEPTH}`);
      let t = root;
      for (const [n, part] of key.entries()) {
        const isLast = n === key.length - 1;
        if (isLast && arrayTable) {
          const list: unknown = t[part] ?? (t[part] = []);
          if (!Array.isArray(list)) return r.fail(`table ${key.join('.')} redefines a value`);
          const fresh = newTable();
          list.push(fresh);
          t = fresh;
        } else {
          let next: unknown = t[part] ?? (t[part] = newTable());
          if (Array.isArray(next)) next = next[next.length - 1] as unknown;
          if (!isTable(next)) return r.fail(`table ${key.join('.')} redefines a value`);
          t = next;
        }
      }
      current = t;
      r.endOfLine();
      continue;
    }
    const key = r.key();
    if (r.peek() !== '=') r.fail('expected = after a key');
    r.i++;
    r.blanks();
    assign(r, current, key, r.value(1));
    r.endOfLine();
  }
}
