// Fault injection for the replay server.
//
//   SPEC    = PATTERN "=" ACTION *(":" PARAM)
//   PATTERN = PATH ["?" NAME *("&" NAME)]   PATH is a glob on the request path where '*' matches any run of
//             characters ('/' included); each NAME is a query parameter the request must carry (e.g. continue)
//   ACTION  = a status code 400-599   answered with a Kubernetes Status body (429 and 503 send Retry-After)
//           | hang                     never answer (the client's timeout fires)
//           | malformed                200 with a truncated, invalid JSON body
//           | reset                    send the headers and half the body, then destroy the connection
//           | latency                  delay the answer (PARAM: milliseconds, required), then answer normally
//           | huge                     200 with an endless-looking JSON list of PARAM MiB (required), streamed
//                                      chunked without a Content-Length, so only counting bytes can stop it
//           | oversize                 a list page of PARAM items (required), whatever `limit` asked for
//           | endless                  every list page carries a new `continue` token; pages that follow one
//                                      hold PARAM items (default 0), each padded with a second PARAM KiB
//                                      (default 0), so the list never ends
//           | deep                     a list page whose one object nests PARAM levels deep (required)
//   PARAM   = N                        Retry-After seconds for 429/503 (default 1); milliseconds for latency;
//                                      MiB for huge; items for oversize and endless
//           | count=N                  apply to the first N matching requests only
//
// Examples: `/apis/source.toolkit.fluxcd.io/*=403`, `*/kustomizations=429:1:count=2`,
// `*/kustomizations?continue=410:count=1`, `/version=latency:200`, `*=hang`.
// Every matching latency fault adds its delay; the first matching other fault decides the answer.

export type FaultAction =
  | { kind: 'status'; status: number; retryAfter?: number }
  | { kind: 'hang' }
  | { kind: 'malformed' }
  | { kind: 'reset' }
  | { kind: 'latency'; ms: number }
  | { kind: 'huge'; mib: number }
  | { kind: 'oversize'; items: number }
  | { kind: 'endless'; items: number; padKiB: number }
  | { kind: 'deep'; levels: number };

export interface Fault {
  spec: string;
  path: RegExp;
  params: string[];
  action: FaultAction;
  /** Matching requests still to fault; undefined means every one. */
  remaining?: number;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp('^' + glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
}

/** Parses one fault spec; throws an Error naming the problem. */
export function parseFault(spec: string): Fault {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new Error(`fault ${JSON.stringify(spec)}: expected PATTERN=ACTION`);
  const pattern = spec.slice(0, eq);
  const [actionText = '', ...rawParams] = spec.slice(eq + 1).split(':');
  const [glob = '', query] = pattern.split('?');
  let count: number | undefined;
  const numbers: number[] = [];
  for (const p of rawParams) {
    const m = /^count=(\d+)$/.exec(p);
    if (m) count = Number(m[1]);
    else if (/^\d+$/.test(p)) numbers.push(Number(p));
    else throw new Error(`fault ${JSON.stringify(spec)}: unknown parameter ${JSON.stringify(p)}`);
  }
  let action: FaultAction;
  if (/^\d{3}$/.test(actionText) && Number(actionText) >= 400 && Number(actionText) <= 599) {
    const status = Number(actionText);
    action = { kind: 'status', status };
    if (status === 429 || status === 503) action.retryAfter = numbers[0] ?? 1;
  } else if (actionText === 'hang' || actionText === 'malformed' || actionText === 'reset') {
    action = { kind: actionText };
  } else if (actionText === 'latency') {
    const ms = numbers[0];
    if (ms === undefined) throw new Error(`fault ${JSON.stringify(spec)}: latency needs milliseconds, e.g. latency:200`);
    action = { kind: 'latency', ms };
  } else if (actionText === 'deep') {
    const levels = numbers[0];
    if (levels === undefined) throw new Error(`fault ${JSON.stringify(spec)}: deep needs a number of levels, e.g. deep:10000`);
    action = { kind: 'deep', levels };
  } else if (actionText === 'huge' || actionText === 'oversize') {
    const n = numbers[0];
    if (n === undefined) throw new Error(`fault ${JSON.stringify(spec)}: ${actionText} needs a number, e.g. ${actionText}:${actionText === 'huge' ? '700' : '2000'}`);
    action = actionText === 'huge' ? { kind: 'huge', mib: n } : { kind: 'oversize', items: n };
  } else if (actionText === 'endless') {
    action = { kind: 'endless', items: numbers[0] ?? 0, padKiB: numbers[1] ?? 0 };
  } else {
    throw new Error(`fault ${JSON.stringify(spec)}: unknown action ${JSON.stringify(actionText)} (a status code 400-599, hang, malformed, reset, latency:MS, huge:MIB, oversize:ITEMS, endless[:ITEMS[:KIB]] or deep:LEVELS)`);
  }
  const fault: Fault = { spec, path: globToRegExp(glob), params: query ? query.split('&').filter((n) => n.length > 0) : [], action };
  if (count !== undefined) fault.remaining = count;
  return fault;
}

export class Faults {
  private readonly faults: Fault[];
  constructor(specs: readonly string[]) {
    this.faults = specs.map(parseFault);
  }

  /** The faults a request meets (consuming their counts): total added latency and the deciding action. */
  match(path: string, query: Record<string, string>): { latencyMs: number; action?: Exclude<FaultAction, { kind: 'latency' }> } {
    let latencyMs = 0;
    let action: Exclude<FaultAction, { kind: 'latency' }> | undefined;
    for (const f of this.faults) {
      if (f.remaining === 0 || !f.path.test(path) || !f.params.every((p) => p in query)) continue;
      if (f.action.kind === 'latency') latencyMs += f.action.ms;
      else if (action) continue;
      else action = f.action;
      if (f.remaining !== undefined) f.remaining--;
    }
    return action ? { latencyMs, action } : { latencyMs };
  }
}
