/** The findings API, called with the host's token; one retry with a fresh token when it answers 401. */
import type { Host } from './host.js';
import type { Finding, FindingsPage, RunsReply, TriageAction, TriageState } from './types.js';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface FindingsQuery {
  hunt?: string;
  state?: TriageState;
  limit?: number;
  cursor?: string;
}

export interface Api {
  findings(query: FindingsQuery): Promise<FindingsPage>;
  runs(): Promise<RunsReply>;
  /** One finding, as a deep link needs it; null when the store has no such finding. */
  finding(huntId: string, findingId: string): Promise<Finding | null>;
  triage(huntId: string, findingId: string, action: TriageAction, reason?: string): Promise<Finding>;
}

/** Relative to the page (…/api/tab/), so the API is found under whatever route prefix serves both. */
function apiUrl(path: string, query: Record<string, string | number | undefined> = {}): string {
  const url = new URL(`../${path}`, document.baseURI);
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
  return url.href;
}

export function apiClient(host: Host): Api {
  async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
    const send = async (fresh: boolean) =>
      fetch(url, {
        ...init,
        cache: 'no-store',
        headers: { ...(init.headers as Record<string, string>), Accept: 'application/json', Authorization: `Bearer ${await host.token(fresh)}` },
      });
    let response = await send(false);
    if (response.status === 401) response = await send(true);
    const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
    if (!response.ok) {
      const message = typeof body?.error === 'string' ? body.error : `${response.status} ${response.statusText}`;
      throw new ApiError(response.status, message);
    }
    return body as T;
  }
  return {
    findings: (q) => call<FindingsPage>(apiUrl('findings', { hunt: q.hunt, state: q.state, limit: q.limit, cursor: q.cursor })),
    runs: () => call<RunsReply>(apiUrl('runs')),
    async finding(huntId, findingId) {
      try {
        return (await call<{ finding: Finding }>(apiUrl(`findings/${encodeURIComponent(huntId)}/${encodeURIComponent(findingId)}`))).finding;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    async triage(huntId, findingId, action, reason) {
      const url = apiUrl(`findings/${encodeURIComponent(huntId)}/${encodeURIComponent(findingId)}/triage`);
      const body = JSON.stringify(reason === undefined ? { action } : { action, reason });
      const reply = await call<{ finding: Finding }>(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      return reply.finding;
    },
  };
}
