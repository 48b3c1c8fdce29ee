// Credentials never leave the process: not in a report, on stderr or in a recording. URLs lose their
// userinfo, credential-named parameters and assignments lose their values, and well-known token shapes are
// masked wherever they appear. Over-masking a harmless value is the accepted cost of never missing one.

export const REDACTED = '**REDACTED**';

/** A parameter or setting whose name says it holds a credential (`token`, `X-Amz-Signature`, `client_secret`...). */
const CREDENTIAL_NAME = String.raw`[\w.-]*?(?:token|secret|passw(?:or)?d|pwd|sig|signature|credentials?|auth|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?key|(?<![A-Za-z])key|(?<![A-Za-z])pat)|x-amz-[\w-]+|x-goog-(?:signature|credential)`;

/** `scheme://userinfo@`: a token often sits there alone (`https://ghp_...@github.com`). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@'"`<>]+)@/gi;
/** `?token=...`, `&X-Amz-Signature=...`, `;sig=...` in URLs and query strings. */
const QUERY_PARAM = new RegExp(String.raw`([?&;](?:${CREDENTIAL_NAME})=)[^&;#\s'"\`<>]*`, 'gi');
/**
 * `--token=...`, `Password=...;` (connection strings), `AWS_SECRET_ACCESS_KEY=...`, `"client_secret": "..."`:
 * a credential-named setting followed by `=` or, when quoted as in JSON, `:`. The value may be quoted.
 */
const ASSIGNMENT = new RegExp(String.raw`(\b(?:${CREDENTIAL_NAME})\s*=\s*|"(?:${CREDENTIAL_NAME})"\s*:\s*)("[^"]*"|'[^']*'|[^\s&;,'"\`<>)\]}]+)`, 'gi');
/** `Authorization: Bearer ...` / `Basic ...`; a lower-case word after it is prose ("Basic authentication failed"). */
const AUTH_SCHEME = /\b([Bb]earer|[Bb]asic|BEARER|BASIC)\s+(?![a-z]+(?![A-Za-z0-9._~+/=-]))[A-Za-z0-9._~+/=-]{8,}/g;
/** PEM private keys, whole. */
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;

/** Token shapes that are credentials wherever they appear, whatever surrounds them. */
const TOKEN_SHAPES: readonly RegExp[] = [
  // GitHub: personal, OAuth, user-to-server, server-to-server and refresh tokens; fine-grained PATs.
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  // GitLab: personal, deploy, runner, pipeline trigger, CI job, feed, incoming mail, agent, OAuth tokens.
  /\b(?:glpat|gldt|glrt|glptt|glcbt|glft|glimt|glagent|gloas|glsoat)-[A-Za-z0-9_-]{10,}/g,
  // Slack bot, user, app and refresh tokens.
  /\bxox[abposre]-[A-Za-z0-9-]{10,}/g,
  /\bxapp-[A-Za-z0-9-]{10,}/g,
  // AWS access key ids (long-term and temporary).
  /\b(?:AKIA|ASIA|ABIA|ACCA|AROA|AIDA)[A-Z0-9]{16}\b/g,
  // Google API keys.
  /\bAIza[A-Za-z0-9_-]{35}/g,
  // JSON Web Tokens: header.payload.signature, base64url, header starting with {" (eyJ).
  /\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g,
];

/** A username that is a convention, never a secret: `ssh://git@github.com/...` keeps it. */
const PLAIN_USERS = new Set(['git']);

/** https://user:pass@host/x -> https://host/x ; credential parameters and token shapes are masked. */
export function redactUrl(url: string): string {
  return redactText(url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/i, '$1'));
}

/** Field names whose string value is a credential. */
const SECRET_NAME = /(pass(word)?|passwd|pwd|secret|token|credential|api[-_]?key|access[-_]?key|private[-_]?key|auth|bearer|session|cookie|sas|signature|dsn|conn(ection)?[-_]?str(ing)?)/i;

export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Masks every credential this module knows in free text: messages quote failing URLs, commands and output. */
export function redactText(text: string): string {
  let out = text.replace(PRIVATE_KEY, `(private key ${REDACTED})`);
  out = out.replace(URL_USERINFO, (all, scheme: string, user: string) => (PLAIN_USERS.has(user) ? all : `${scheme}${REDACTED}@`));
  out = out.replace(QUERY_PARAM, `$1${REDACTED}`);
  out = out.replace(ASSIGNMENT, (all, lead: string, value: string) => (value === REDACTED || value === `"${REDACTED}"` ? all : `${lead}${REDACTED}`));
  out = out.replace(AUTH_SCHEME, `$1 ${REDACTED}`);
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}
