// The one seam between collection and the outside world: live HTTPS (http-transport.ts) and an
// in-memory recorded cluster (fixture-api.ts, also served by the replay server) both implement it.

export interface ApiRequest {
  method: 'GET' | 'POST';
  /** Absolute API path, e.g. /apis/apps/v1/deployments */
  path: string;
  query?: Record<string, string>;
  /** JSON body for POST (access reviews). */
  body?: string;
  accept?: string;
  /** Bytes of the response body the caller accepts; the transport stops reading past it ('too-large'). */
  maxBytes?: number;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type TransportErrorCode = 'refused' | 'dns' | 'tls' | 'timeout' | 'reset' | 'aborted' | 'too-large' | 'plugin-timeout' | 'other';

/** A request that produced no HTTP response at all. */
export class TransportError extends Error {
  constructor(
    readonly code: TransportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface ApiTransport {
  request(req: ApiRequest, signal: AbortSignal): Promise<ApiResponse>;
}
