// What a recording masks, in one pass: everything the report's redaction masks in any string (URL userinfo,
// credential parameters and assignments, token shapes), plus what only a recording carries: every
// `{name, value}` pair's value (container env: no check reads it, and a harmless-looking name such as GH_PAT
// or a DSN can hold a credential), secret-named fields, the value after a credential flag in container args
// and commands, and notification Provider webhook and proxy addresses. Names, kinds and namespaces are kept:
// a recording must replay to the same report.
import { isRecord } from '../kube/fields.js';
import { REDACTED, looksSecret, redactText } from '../kube/redact.js';

/** A flag whose next argument is a credential (`--token VALUE`); `--token=VALUE` is caught by redactText. */
const CREDENTIAL_FLAG = /^--?(?:[\w.-]*?(?:token|secret|passw(?:or)?d|pwd|sig|signature|credentials?|auth|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?key)|x-amz-[\w-]+)$/i;

function redactArgs(list: readonly unknown[]): unknown[] {
  return list.map((v, i) => {
    const prev = list[i - 1];
    if (typeof v === 'string' && typeof prev === 'string' && CREDENTIAL_FLAG.test(prev)) return REDACTED;
    return redactRecorded(v, '');
  });
}

/** A webhook keeps its origin (which service) and loses its path, query and fragment (the secret part). */
function redactAddress(address: string): string {
  try {
    const url = new URL(address);
    const rest = `${url.pathname}${url.search}${url.hash}`;
    return `${url.protocol}//${url.host}${rest === '' || rest === '/' ? rest : `/${REDACTED}`}`;
  } catch {
    return REDACTED;
  }
}

/** Deep copy of a recorded value with every mask above applied. */
export function redactRecorded(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return looksSecret(key) && key !== 'secretRef' ? REDACTED : redactText(value);
  if (Array.isArray(value)) return key === 'args' || key === 'command' ? redactArgs(value) : value.map((v) => redactRecorded(v, key));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  const namedValue = typeof value.name === 'string' && 'value' in value;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'value' && namedValue) out[k] = v === '' || v === null || v === undefined ? v : REDACTED;
    else if (k === 'name' || k === 'namespace' || k === 'kind' || k === 'apiVersion') out[k] = typeof v === 'string' ? v : redactRecorded(v, k);
    else out[k] = redactRecorded(v, k === 'annotations' || k === 'labels' ? '' : k);
  }
  // Any kind named Provider: masking a non-Flux Provider's address costs nothing, missing a webhook leaks it.
  const spec = out.spec;
  if (value.kind === 'Provider' && isRecord(spec)) {
    for (const field of ['address', 'proxy']) if (typeof spec[field] === 'string') spec[field] = redactAddress(spec[field] as string);
  }
  return out;
}
