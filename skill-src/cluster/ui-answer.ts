// HTTP answers of the Flux UI and how they are judged: shared by the live port-forward probe and by
// recorded clusters, so both judge the UI the same way. Free of client-node, so snapshot mode stays small.
import type { UiProbe } from './state.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses a raw HTTP/1.1 response (headers, then a body that may be chunked). */
export function parseHttpResponse(raw: Buffer): HttpAnswer | undefined {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = end >= 0 ? text.slice(0, end) : text;
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!m?.[1]) return undefined;
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = end >= 0 ? raw.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1')).toString('utf8') : '';
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  return { status: Number(m[1]), headers, body };
}

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    if (nl < 0) return out;
    const size = parseInt(rest.slice(0, nl), 16);
    if (!Number.isFinite(size) || size === 0) return out;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 2 + size + 2);
  }
}

/** Shared by the live probe and recorded answers, so both judge the UI the same way. */
export function uiProbeFrom(pod: string, root: HttpAnswer, report: HttpAnswer): UiProbe {
  let reportIsJson = false;
  try {
    JSON.parse(report.body);
    reportIsJson = /json/i.test(report.headers['content-type'] ?? 'application/json');
  } catch {
    reportIsJson = false;
  }
  const probe: UiProbe = { probed: true, pod, rootStatus: root.status, reportStatus: report.status, reportIsJson };
  const location = report.headers.location ?? root.headers.location;
  if (location) probe.redirect = location;
  return probe;
}
