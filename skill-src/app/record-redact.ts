// What a recording must mask beyond the report's redaction (issue 12 item 4): every container env value,
// whatever its name (GH_PAT, a DSN with Password=, AWS_ACCESS_KEY_ID), credential flags in container args and
// commands, notification Provider webhook addresses, URL userinfo (a token alone too) and credential query
// parameters. A second pass over the already-redacted copy: masking twice is harmless, missing once is not.
import { REDACTED } from '../kube/redact.js';
import { isRecord } from '../kube/fields.js';

const CREDENTIAL_WORD = String.raw`[\w.-]*?(?:token|secret|passw(?:or)?d|pwd|sig|signature|credentials?|auth|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?key)|x-amz-[\w-]+`;
const FLAG_WITH_VALUE = new RegExp(String.raw`^(--?(?:${CREDENTIAL_WORD})=).+$`, 'i');
const BARE_FLAG = new RegExp(String.raw`^--?(?:${CREDENTIAL_WORD})$`, 'i');
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)(?!git@)[^\s/?#@'"`<>]+@/gi;
const QUERY = new RegExp(String.raw`([?&;](?:${CREDENTIAL_WORD})=)[^&;#\s'"\`<>]*`, 'gi');
const SETTING = new RegExp(String.raw`(\b(?:${CREDENTIAL_WORD})\s*=\s*)[^\s;&,'"]+`, 'gi');
const TOKEN_SHAPES = [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, /\bgithub_pat_\w{20,}/g, /\bglpat-[\w-]{10,}/g, /\bxox[abposre]-[\w-]{10,}/g, /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, /\beyJ[\w-]{6,}\.[\w-]{6,}\.[\w-]*/g];

export function maskText(text: string): string {
  let out = text.replace(USERINFO, `$1${REDACTED}@`).replace(QUERY, `$1${REDACTED}`).replace(SETTING, `$1${REDACTED}`);
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}

function maskArgs(list: readonly unknown[]): unknown[] {
  return list.map((v, i) => {
    if (typeof v !== 'string') return maskRecorded(v);
    const prev = list[i - 1];
    if (typeof prev === 'string' && BARE_FLAG.test(prev)) return REDACTED;
    return maskText(v.replace(FLAG_WITH_VALUE, `$1${REDACTED}`));
  });
}

/** A webhook keeps its origin (which service) and loses its path and query (the secret part). */
function maskAddress(address: string): string {
  try {
    const url = new URL(address);
    const rest = `${url.pathname}${url.search}`;
    return `${url.protocol}//${url.host}${rest === '' || rest === '/' ? rest : `/${REDACTED}`}`;
  } catch {
    return REDACTED;
  }
}

/** The recording's copy of an object with the masks above applied (names, kinds and namespaces kept). */
export function maskRecorded(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) {
    if (key === 'args' || key === 'command') return maskArgs(value);
    if (key === 'env') return value.map((e) => (isRecord(e) && typeof e.value === 'string' && e.value !== '' ? { ...(maskRecorded(e) as Record<string, unknown>), value: REDACTED } : maskRecorded(e)));
    return value.map((v) => maskRecorded(v));
  }
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'name' || k === 'namespace' || k === 'kind' || k === 'apiVersion' ? v : maskRecorded(v, k);
  const spec = out.spec;
  if (value.kind === 'Provider' && isRecord(spec)) {
    for (const field of ['address', 'proxy']) if (typeof spec[field] === 'string') spec[field] = maskAddress(spec[field] as string);
  }
  return out;
}
