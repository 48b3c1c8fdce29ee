// The one chain resolver: follows "this waits on that" links to where they end. Memoised (each key is walked
// once, however many chains pass through it), iterative (no recursion: chains may be thousands deep) and
// cycle-safe (every member of a cycle resolves to the same member, the least key).

/** One step from a key: the key it waits on, or the end of the walk (a root key, or null for "no root"). */
export type Step = { next: string } | { end: string | null };

export class ChainResolver {
  private readonly memo = new Map<string, string | null>();
  private readonly cycles = new Map<string, string[]>();

  constructor(private readonly step: (key: string) => Step) {}

  /** The key at the end of the chain that starts at `start`; null when the walk ends without a root. */
  resolve(start: string): string | null {
    const known = this.memo.get(start);
    if (known !== undefined) return known;
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let cur = start;
    let result: string | null;
    for (;;) {
      const memo = this.memo.get(cur);
      if (memo !== undefined) {
        result = memo;
        break;
      }
      const at = onPath.get(cur);
      if (at !== undefined) {
        const members = path.slice(at);
        const canonical = members.reduce((a, b) => (b < a ? b : a));
        this.cycles.set(canonical, members);
        result = canonical;
        break;
      }
      onPath.set(cur, path.length);
      path.push(cur);
      const s = this.step(cur);
      if ('end' in s) {
        result = s.end;
        break;
      }
      cur = s.next;
    }
    for (const k of path) this.memo.set(k, result);
    return result;
  }

  /** The members of the cycle `key` stands for (it is the least member), in walk order; undefined otherwise. */
  cycleAt(key: string): readonly string[] | undefined {
    this.resolve(key);
    return this.cycles.get(key);
  }
}
