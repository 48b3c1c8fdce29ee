import { describe, expect, it } from 'vitest';
import { ChainResolver } from '../../skill-src/graph/resolve.js';

function resolver(links: Record<string, string | null>): { r: ChainResolver; calls: string[] } {
  const calls: string[] = [];
  const r = new ChainResolver((key) => {
    calls.push(key);
    const next = links[key];
    return next === undefined ? { end: key } : next === null ? { end: null } : { next };
  });
  return { r, calls };
}

describe('ChainResolver', () => {
  it('follows links to the end and walks each key once however many chains pass through it', () => {
    const { r, calls } = resolver({ a: 'b', b: 'c', x: 'b' });
    expect(r.resolve('a')).toBe('c');
    expect(r.resolve('x')).toBe('c');
    expect(r.resolve('b')).toBe('c');
    expect(calls.filter((k) => k === 'b')).toHaveLength(1);
  });

  it('returns null when the walk ends without a root', () => {
    const { r } = resolver({ a: 'b', b: null });
    expect(r.resolve('a')).toBeNull();
  });

  it('resolves every member of a cycle, and what leads into it, to the least member', () => {
    const { r } = resolver({ c: 'a', a: 'b', b: 'c', z: 'b' });
    expect(r.resolve('z')).toBe('a');
    expect(r.resolve('b')).toBe('a');
    expect(r.cycleAt('a')).toEqual(expect.arrayContaining(['a', 'b', 'c']));
    expect(r.cycleAt('b')).toBeUndefined();
  });

  it('walks a 100000-deep chain iteratively', () => {
    const links: Record<string, string> = {};
    for (let i = 0; i < 100000; i++) links[`k${i}`] = `k${i + 1}`;
    const { r } = resolver(links);
    expect(r.resolve('k0')).toBe('k100000');
  });
});
