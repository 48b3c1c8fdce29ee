// The JSONPath subset CRD printer columns use: .a.b, ['a'], [n], [*] and [?(@.x.y=="v")] / !=.

type Step = { field: string } | { index: number } | { all: true } | { filter: { path: string[]; op: '==' | '!='; value: string } };

function parse(expr: string): Step[] {
  const steps: Step[] = [];
  let s = expr.trim().replace(/^\{(.*)\}$/, '$1').replace(/^\$/, '');
  while (s.length > 0) {
    let m: RegExpExecArray | null;
    if ((m = /^\.([\w-]+)/.exec(s))) steps.push({ field: m[1] ?? '' });
    else if ((m = /^\[\s*'([^']*)'\s*\]/.exec(s)) || (m = /^\[\s*"([^"]*)"\s*\]/.exec(s))) steps.push({ field: m[1] ?? '' });
    else if ((m = /^\[\s*(\d+)\s*\]/.exec(s))) steps.push({ index: Number(m[1]) });
    else if ((m = /^\[\s*\*\s*\]/.exec(s))) steps.push({ all: true });
    else if ((m = /^\[\s*\?\(\s*@((?:\.[\w-]+)+)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|([\w.-]+))\s*\)\s*\]/.exec(s))) {
      steps.push({ filter: { path: (m[1] ?? '').slice(1).split('.'), op: m[2] === '!=' ? '!=' : '==', value: m[3] ?? m[4] ?? m[5] ?? '' } });
    } else throw new Error(`unsupported JSONPath at ${JSON.stringify(s)}`);
    s = s.slice(m[0].length);
  }
  return steps;
}

function get(value: unknown, path: string[]): unknown {
  let cur = value;
  for (const k of path) cur = typeof cur === 'object' && cur !== null && !Array.isArray(cur) ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

function scalar(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Every value the expression selects; an unsupported expression selects nothing. */
export function jsonPath(root: unknown, expr: string): unknown[] {
  let steps: Step[];
  try {
    steps = parse(expr);
  } catch {
    return [];
  }
  let cur: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      if ('field' in step) {
        const f = get(v, [step.field]);
        if (f !== undefined) next.push(f);
      } else if ('index' in step) {
        if (Array.isArray(v) && step.index < v.length) next.push(v[step.index]);
      } else if ('all' in step) {
        if (Array.isArray(v)) next.push(...v);
        else if (typeof v === 'object' && v !== null) next.push(...Object.values(v));
      } else if (Array.isArray(v)) {
        const { path, op, value } = step.filter;
        next.push(...v.filter((e) => {
          const x = get(e, path);
          return (x !== undefined && scalar(x) === value) === (op === '==');
        }));
      }
    }
    cur = next;
  }
  return cur;
}
