// REV is checked strictly; controllers' revision formats (source-controller docs/spec/v1, fluxcd/pkg git) are matched.
import { describe, expect, it } from 'vitest';
import { isRevProblem, parseRev, parseRevision, revisionIs, shortRevision, type Rev } from '../../skill-src/revision/parse.js';

const SHA = '132f4e719209eb10b9485302f8593fc0e680f4fc';
const DIGEST = '3b6cdcc7adcc9a84d3214ee1c029543789d90b5ae69debe9efa3f66e982875de';

function rev(text: string): Rev {
  const r = parseRev(text);
  if (isRevProblem(r)) throw new Error(r.problem);
  return r;
}

describe('parseRev', () => {
  it.each([
    ['132f4e7', 'commit'],
    [SHA, 'commit'],
    [SHA.toUpperCase(), 'commit'],
    [`sha256:${DIGEST}`, 'digest'],
    ['v1.2.3', 'tag'],
    ['release/2026-11', 'tag'],
    [`main@sha1:${SHA}`, 'commit'],
    [`latest@sha256:${DIGEST}`, 'digest'],
  ])('%s is a %s', (text, kind) => {
    expect(rev(text).kind).toBe(kind);
  });

  it.each([
    ['', 'empty'],
    ['132f4e', '7 to 40 hex digits'],
    [`${SHA}00`, '7 to 40 hex digits'],
    ['sha256:abc', '64'],
    ['v1..2', 'neither'],
    ['-rf', 'neither'],
    ['a b', 'neither'],
    ['tag;rm', 'neither'],
    ['x.lock', 'neither'],
    [`main@sha1:${SHA.slice(0, 10)}`, '40 hex'],
    ['$(id)', 'neither'],
  ])('%j is refused (%s)', (text, words) => {
    const r = parseRev(text);
    expect(isRevProblem(r)).toBe(true);
    if (isRevProblem(r)) {
      expect(r.problem).toContain(words);
      expect(r.hint).toMatch(/commit/);
    }
  });
});

describe('revisionIs', () => {
  it.each([
    [`main@sha1:${SHA}`, '132f4e7', true],
    [`refs/heads/main@sha1:${SHA}`, SHA, true],
    [`sha1:${SHA}`, '132f4e7', true],
    [`main/${SHA}`, '132f4e7', true],
    [`main@sha1:${SHA}`, '32f4e71', false],
    [`v1.2.3@sha1:${SHA}`, 'v1.2.3', true],
    [`refs/tags/v1.2.3@sha1:${SHA}`, 'v1.2.3', true],
    [`v1.2.30@sha1:${SHA}`, 'v1.2.3', false],
    [`latest@sha256:${DIGEST}`, `sha256:${DIGEST}`, true],
    [`sha256:${DIGEST}`, `sha256:${DIGEST}`, true],
    [`latest@sha256:${DIGEST}`, 'latest', true],
    ['6.0.3', '6.0.3', true],
    ['6.0.3+4e5cbb7b97d0', '6.0.3', false],
    [undefined, '132f4e7', false],
  ])('%s is %s: %s', (revision, text, expected) => {
    expect(revisionIs(revision, rev(text))).toBe(expected);
  });
});

describe('parseRevision and shortRevision', () => {
  it('splits and shortens the controllers formats', () => {
    expect(parseRevision(`refs/heads/main@sha1:${SHA}`)).toEqual({ ref: 'main', algorithm: 'sha1', hex: SHA });
    expect(shortRevision(`main@sha1:${SHA}`)).toBe('main@sha1:132f4e7');
    expect(shortRevision(`sha256:${DIGEST}`)).toBe('sha256:3b6cdcc7adcc');
    expect(shortRevision('6.0.3')).toBe('6.0.3');
  });
});
