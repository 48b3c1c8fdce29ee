// Counting words, shared by checks, the report and the renderers.

/** `1 error`, `3 errors`; `many` for irregular plurals. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
