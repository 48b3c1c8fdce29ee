// Nothing counted is hidden: in every reviewed markdown golden (scenarios and real corpus), the header's error
// and warning counts equal the sum of the per-check counts, and its info count equals the info findings listed
// plus those the "N more info findings not shown" line names. A renderer that drops or double-counts a finding
// fails here for every golden it touches.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIRS = [path.join('test', 'goldens'), path.join('test', 'goldens', 'real')];
const goldens = DIRS.flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.md')).map((f) => path.join(d, f)));

interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

function header(md: string): Counts | undefined {
  const m = /^# Flux status: .*\((\d+) errors?, (\d+) warnings?, (\d+) infos?\)/m.exec(md);
  return m ? { errors: Number(m[1]), warnings: Number(m[2]), infos: Number(m[3]) } : undefined;
}

function listed(md: string): Counts {
  const checks = md.split('\n## Checks\n')[1]?.split('\n## ')[0] ?? '';
  const out: Counts = { errors: 0, warnings: 0, infos: 0 };
  for (const line of checks.split('\n')) {
    const check = /^- \S+ (?:fail|warn|pass|skip) \*\*[\w-]+\*\* [^(:`]*\(([^)]*)\)/.exec(line);
    if (check) {
      const e = /(\d+) errors?/.exec(check[1] ?? '');
      const w = /(\d+) warnings?/.exec(check[1] ?? '');
      out.errors += Number(e?.[1] ?? 0);
      out.warnings += Number(w?.[1] ?? 0);
    }
    if (/^ {2}- ℹ /.test(line)) out.infos += 1;
  }
  const more = /^(\d+) more info findings? not shown/m.exec(md);
  out.infos += Number(more?.[1] ?? 0);
  return out;
}

describe('markdown: the header counts what the body lists', () => {
  it('has goldens to read', () => {
    expect(goldens.length).toBeGreaterThan(50);
  });

  for (const file of goldens) {
    it(path.basename(path.dirname(file)) + '/' + path.basename(file), () => {
      const md = fs.readFileSync(file, 'utf8');
      const h = header(md);
      expect(h, 'header with error, warning and info counts').toBeDefined();
      expect(listed(md), 'per-check counts and listed infos').toEqual(h);
    });
  }
});
