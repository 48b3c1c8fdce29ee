// Live transport: HTTPS to the API server with the credentials of a kubeconfig context, through
// client-node's KubeConfig (certificates, tokens, exec plugins, proxies).
import http from 'node:http';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import type { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { mib } from './limits.js';
import { TransportError, type ApiRequest, type ApiResponse, type ApiTransport, type TransportErrorCode } from './transport.js';

/** Node error codes mapped to causes a person recognises. */
function classify(err: NodeJS.ErrnoException): TransportErrorCode {
  const code = err.code ?? '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return 'reset';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ABORT_ERR') return 'aborted';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO|ERR_OSSL/.test(code) || /certificate|SSL/i.test(err.message)) return 'tls';
  return 'other';
}

export class HttpTransport implements ApiTransport {
  private constructor(
    private readonly server: URL,
    private readonly options: https.RequestOptions,
  ) {}

  static async create(kc: KubeConfig): Promise<HttpTransport> {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new TransportError('other', 'the current context names no cluster');
    const opts: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    // Reuse connections across the concurrent lists; keep the proxy agent client-node made when one is configured.
    if (!cluster.proxyUrl) {
      const agentOpts = { ca: opts.ca, cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase, servername: opts.servername, keepAlive: true, maxSockets: 8 } as https.AgentOptions;
      if (opts.rejectUnauthorized !== undefined) agentOpts.rejectUnauthorized = opts.rejectUnauthorized;
      opts.agent = cluster.server.startsWith('http:') ? new http.Agent({ keepAlive: true, maxSockets: 8 }) : new https.Agent(agentOpts);
    }
    return new HttpTransport(new URL(cluster.server), opts);
  }

  request(req: ApiRequest, signal: AbortSignal): Promise<ApiResponse> {
    const url = new URL(this.server.href.replace(/\/$/, '') + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { ...(this.options.headers as Record<string, string> | undefined), Accept: req.accept ?? 'application/json', 'User-Agent': 'flux-operator-validate' };
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    const lib = url.protocol === 'http:' ? http : https;
    return new Promise<ApiResponse>((resolve, reject) => {
      if (signal.aborted) return reject(new TransportError('timeout', 'timed out before the request was sent'));
      const r = lib.request(url, { ...this.options, method: req.method, headers, signal }, (res) => {
        // Chunks are decoded as they arrive: the small strings die young, where one concatenated Buffer per
        // page would sit outside the heap until a full collection (tens of MB on a large cluster).
        const decoder = new StringDecoder('utf8');
        let chunks: string[] = [];
        const max = req.maxBytes ?? Infinity;
        let received = 0;
        // Stop reading as soon as the body is known to be too large: memory stays bounded whatever the server sends.
        const tooLarge = (): void => {
          reject(new TransportError('too-large', `over ${mib(max)}: reading stopped there`));
          chunks = [];
          res.destroy();
          r.destroy();
        };
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > max) return tooLarge();
        res.on('data', (c: Buffer) => {
          received += c.length;
          if (received > max) return tooLarge();
          chunks.push(decoder.write(c));
        });
        res.on('error', (err: NodeJS.ErrnoException) => reject(toTransportError(err, signal)));
        res.on('aborted', () => reject(new TransportError('reset', 'the connection was reset while reading the response')));
        res.on('end', () => {
          if (!res.complete) return reject(new TransportError('reset', 'the connection was reset while reading the response'));
          const hdrs: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) hdrs[k] = Array.isArray(v) ? v.join(', ') : v;
          chunks.push(decoder.end());
          const body = chunks.join('');
          chunks = [];
          resolve({ status: res.statusCode ?? 0, headers: hdrs, body });
        });
      });
      r.on('error', (err: NodeJS.ErrnoException) => reject(toTransportError(err, signal)));
      if (req.body !== undefined) r.write(req.body);
      r.end();
    });
  }
}

function toTransportError(err: NodeJS.ErrnoException, signal: AbortSignal): TransportError {
  if (signal.aborted) return new TransportError('timeout', 'no answer before the timeout');
  const code = classify(err);
  return new TransportError(code, err.message.split('\n')[0] ?? code);
}
