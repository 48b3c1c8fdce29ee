// Credentials never leave the process: URLs lose user:password, credential-looking values are masked.

export const REDACTED = '**REDACTED**';

/** https://user:pass@host/x -> https://host/x ; tokens in query strings are masked. */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/\s]*@/i, '$1')
    .replace(/([?&](?:access_token|token|password|secret|key|sig|signature)=)[^&\s]*/gi, `$1${REDACTED}`);
}

const SECRET_NAME = /(pass(word)?|secret|token|credential|api[-_]?key|private[-_]?key|auth|bearer|session|cookie|sas|signature)/i;

export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Masks user:pass@ in any URLs inside free text (messages can quote a failing URL). */
export function redactText(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^@/\s'"]*:[^@/\s'"]*@/gi, `$1${REDACTED}@`).replace(/\bBearer\s+[A-Za-z0-9._~+/=-]+/g, `Bearer ${REDACTED}`);
}
