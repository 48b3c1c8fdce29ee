// REV, as the user writes it, and Flux artifact revisions, as the controllers write them. Pure.
//
// Formats, from the controllers' own docs and source (fluxcd/pkg git Commit.String, source-controller
// docs/spec/v1): GitRepository `<short ref>@sha1:<40 hex>` (`main@sha1:…`, `v1.2.3@sha1:…`, `420/head@sha1:…`),
// or `sha1:<hex>` for a bare commit, or (older controllers) the absolute `refs/heads/main@sha1:…`;
// OCIRepository and ExternalArtifact `<tag>@sha256:<64 hex>`; Bucket and HelmRepository `sha256:<64 hex>`;
// HelmChart the chart version (`6.0.3`, `6.0.3+4e5cbb7b97d0` under reconcileStrategy Revision); Flux < 2.0
// wrote `main/<40 hex>`.

/** What the user asked about. */
export type Rev =
  | { kind: 'commit'; hex: string; text: string }
  | { kind: 'tag'; name: string; text: string }
  | { kind: 'digest'; algorithm: 'sha256'; hex: string; text: string };

export interface RevProblem {
  problem: string;
  hint: string;
}

export const REV_HINT = 'give a Git commit (7 to 40 hex digits), a tag such as v1.2.3, or an OCI digest sha256:<64 hex>';

const COMMIT = /^[0-9a-f]{7,40}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** A Flux revision pasted whole: `[ref@]sha1:<hex>` or `[tag@]sha256:<hex>`. */
const FLUX_REVISION = /^(?:(.+)@)?(sha1|sha256):([0-9a-f]+)$/;
/**
 * A tag: git check-ref-format's rules, narrowed to what tags are in practice (no spaces, no `~^:?*[\`,
 * no `..`, no `@{`, no leading `-`, `.` or `/`, no trailing `/`, `.` or `.lock`), at most 128 characters.
 */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._+/-]{0,127}$/;

function badTag(text: string): boolean {
  return !TAG.test(text) || text.includes('..') || text.includes('//') || text.endsWith('/') || text.endsWith('.') || text.endsWith('.lock') || text.includes('/.');
}

/** REV checked strictly; a problem names what is wrong without echoing more than the user typed. */
export function parseRev(input: string): Rev | RevProblem {
  const text = input.trim();
  if (text.length === 0) return { problem: 'REV is empty', hint: REV_HINT };
  if (COMMIT.test(text)) return { kind: 'commit', hex: text, text };
  if (/^[0-9A-F]{7,40}$/i.test(text) && /[A-F]/.test(text)) return { kind: 'commit', hex: text.toLowerCase(), text };
  if (DIGEST.test(text)) return { kind: 'digest', algorithm: 'sha256', hex: text.slice('sha256:'.length), text };
  if (/^sha256:/i.test(text)) return { problem: 'an OCI digest is sha256: followed by exactly 64 lowercase hex digits', hint: REV_HINT };
  const flux = FLUX_REVISION.exec(text);
  if (flux) {
    const [, ref, algo, hex = ''] = flux;
    if (ref !== undefined && badTag(ref)) return { problem: `the reference before "@" in REV is not a valid Git ref or tag`, hint: REV_HINT };
    if (algo === 'sha1') return COMMIT.test(hex) && hex.length === 40 ? { kind: 'commit', hex, text } : { problem: 'a sha1: revision needs 40 hex digits', hint: REV_HINT };
    return hex.length === 64 ? { kind: 'digest', algorithm: 'sha256', hex, text } : { problem: 'a sha256: revision needs 64 hex digits', hint: REV_HINT };
  }
  if (/^[0-9a-f]+$/i.test(text)) return { problem: `a commit SHA has 7 to 40 hex digits (this one has ${text.length})`, hint: REV_HINT };
  if (badTag(text)) return { problem: 'REV is neither a commit SHA, a tag nor an OCI digest', hint: REV_HINT };
  return { kind: 'tag', name: text, text };
}

export function isRevProblem(v: Rev | RevProblem): v is RevProblem {
  return 'problem' in v;
}

/** A controller's revision string, split: the human part (branch, tag, chart version) and the digest. */
export interface ParsedRevision {
  /** Branch, tag or chart version, without `refs/heads/` or `refs/tags/`. */
  ref?: string;
  algorithm?: 'sha1' | 'sha256';
  hex?: string;
}

export function parseRevision(revision: string): ParsedRevision {
  const at = revision.lastIndexOf('@');
  const head = at >= 0 ? revision.slice(0, at) : '';
  const tail = at >= 0 ? revision.slice(at + 1) : revision;
  const d = /^(sha1|sha256):([0-9a-f]{7,128})$/.exec(tail);
  if (d) {
    const out: ParsedRevision = { algorithm: d[1] as 'sha1' | 'sha256', hex: d[2] ?? '' };
    if (head) out.ref = head.replace(/^refs\/(?:heads|tags)\//, '');
    return out;
  }
  // Flux < 2.0: `main/<40 hex>`.
  const legacy = /^(.+)\/([0-9a-f]{40})$/.exec(revision);
  if (legacy) return { ref: legacy[1] ?? '', algorithm: 'sha1', hex: legacy[2] ?? '' };
  if (/^[0-9a-f]{40}$/.test(revision)) return { algorithm: 'sha1', hex: revision };
  return revision ? { ref: revision } : {};
}

/**
 * Whether a controller's revision is REV: a commit matches the sha1 digest by prefix (a short SHA), a
 * digest matches the sha256 digest exactly, a tag matches the ref part (`v1.2.3@sha1:…`, `v1.2.3@sha256:…`)
 * or the whole revision (a chart version).
 */
export function revisionIs(revision: string | undefined, rev: Rev): boolean {
  if (!revision) return false;
  const p = parseRevision(revision);
  switch (rev.kind) {
    case 'commit':
      return p.algorithm === 'sha1' && p.hex !== undefined && p.hex.startsWith(rev.hex);
    case 'digest':
      return p.algorithm === 'sha256' && p.hex === rev.hex;
    case 'tag':
      return p.ref === rev.name;
  }
}

/** A short form for lines: `main@sha1:a4c1c53`, `v1.4.0@sha256:6e3f4ca4beeb`. */
export function shortRevision(revision: string): string {
  const p = parseRevision(revision);
  if (!p.hex || !p.algorithm) return revision;
  const hex = p.hex.slice(0, p.algorithm === 'sha1' ? 7 : 12);
  return p.ref ? `${p.ref}@${p.algorithm}:${hex}` : `${p.algorithm}:${hex}`;
}
