// PLACEHOLDER: replaced by the in-memory API over a recorded cluster.
import type { Fixture } from './fixture.js';
import type { UiProbe } from './state.js';
import type { ApiRequest, ApiResponse, ApiTransport } from './transport.js';

export class FixtureApi implements ApiTransport {
  constructor(private readonly fixture: Fixture) {}
  handle(_req: ApiRequest): ApiResponse {
    return { status: 404, headers: {}, body: JSON.stringify({ kind: 'Status', message: `not implemented (${this.fixture.objects.length} objects)` }) };
  }
  async request(req: ApiRequest): Promise<ApiResponse> {
    return this.handle(req);
  }
}

export function fixtureUiProbe(_fixture: Fixture): (namespace: string, pod: string, signal: AbortSignal) => Promise<UiProbe> {
  return async (_ns, pod) => ({ probed: true, pod, rootStatus: 200, reportStatus: 200, reportIsJson: true });
}
