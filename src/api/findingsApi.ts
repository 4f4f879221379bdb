/**
 * The HTTP API behind the findings tab, as WHATWG Request → Response, so the Functions HTTP trigger
 * (functions/findingsApi.ts) and `hunts serve` (node:http) run the same code:
 *
 *   GET  /api/findings?hunt=&state=&since=&until=&limit=&cursor=   findings, newest lastSeen first within a hunt
 *   GET  /api/runs?hunt=&limit=                                    recent runs and notice health per hunt
 *   GET  /api/findings/{hunt}/{id}                                 one finding (a deep link's)
 *   POST /api/findings/{hunt}/{id}/triage                          { action, reason? }, needs Hunts.Triage
 *
 * Every call needs a valid token (auth.ts) before anything is read; a refused call changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { LinkSettingsError, linkSettingsFrom, type LinkSettings } from '../findings/findingLinks.js';
import type { Hunt } from '../hunts/hunt.js';
import { maxAttemptsFromEnv } from '../run/runLimits.js';
import { listFindings, noticeCounts, lastSuccess, readFinding, type FindingFilter } from '../store/findingQueries.js';
import type { TableServiceConfig } from '../store/tableClients.js';
import { TableFindingStore } from '../store/tableFindingStore.js';
import { applyTriage, TRIAGE_ACTIONS, TRIAGE_STATES, type TriageAction } from '../store/triageStore.js';
import { effectiveSchedule } from '../telemetry/schedule.js';
import { SettingsError } from '../util/settingsError.js';
import { AuthError, authConfigFromEnv, TokenVerifier, TRIAGE_ROLE, type Principal } from './auth.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { findingJson, runJson, type FindingJson } from './findingJson.js';
import { failure, json, quoted } from './respond.js';

export interface ApiLogger {
  error(message: string): void;
}

export interface ApiDeps {
  /** Every loaded hunt, in the order the API lists them. */
  hunts: Hunt[];
  /** App settings: API_*, the link settings, DELIVERY_MAX_ATTEMPTS, HUNT_SCHEDULE_*. */
  env: NodeJS.ProcessEnv;
  /** The store's tables; may throw SettingsError, answered as 503. */
  tables: () => TableServiceConfig;
  log?: ApiLogger;
  now?: () => Date;
}

export interface FindingsApi {
  handle(request: Request): Promise<Response>;
}

export const FINDINGS_LIMIT_DEFAULT = 50;
export const FINDINGS_LIMIT_MAX = 200;
export const RUNS_LIMIT_DEFAULT = 10;
export const RUNS_LIMIT_MAX = 100;
export const REASON_MAX = 500;
const BODY_MAX_BYTES = 16 * 1024;
const FINDING_ID = /^[0-9a-f]{64}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A request the caller must fix: 400 (or another 4xx) with our message. */
class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface Setup {
  verifier: TokenVerifier;
  links: LinkSettings;
  maxAttempts: number;
  tables: TableServiceConfig;
  store: TableFindingStore;
}

export function createFindingsApi(deps: ApiDeps): FindingsApi {
  const huntsById = new Map(deps.hunts.map((h) => [h.id, h]));
  const now = deps.now ?? (() => new Date());
  // Settings are read once: a missing or wrong one answers every call with 503 naming it, never opens the API.
  let setup: Setup | SettingsProblem | undefined;
  const getSetup = (): Setup | SettingsProblem => (setup ??= readSetup(deps));

  const hunt = (id: string): Hunt => {
    const found = huntsById.get(id);
    if (!found) throw new BadRequest(404, `no hunt has the id ${quoted(id)}; the hunts are ${deps.hunts.map((h) => h.id).join(', ') || 'none'}`);
    return found;
  };

  // A store an older version wrote keeps a hunt's findings in one partition until the hunt runs:
  // moved on first sight, so the API shows and triages them before that.
  const leaseOwner = `findings-api-${randomUUID()}`;
  const settled = (s: Setup, h: Hunt): Promise<void> => s.store.settleLegacy(h.id, leaseOwner, now());

  async function findings(url: URL, s: Setup): Promise<Response> {
    const q = params(url, ['hunt', 'state', 'since', 'until', 'limit', 'cursor']);
    const filter: FindingFilter = {};
    if (q.state !== undefined) filter.state = oneOf(q.state, TRIAGE_STATES, 'state');
    if (q.since !== undefined) filter.since = isoTime(q.since, 'since');
    if (q.until !== undefined) filter.until = isoTime(q.until, 'until');
    if (filter.since && filter.until && filter.since > filter.until) throw new BadRequest(400, 'since is after until; swap them');
    const limit = whole(q.limit, 'limit', FINDINGS_LIMIT_DEFAULT, FINDINGS_LIMIT_MAX);
    const hunts = q.hunt !== undefined ? [hunt(q.hunt)] : deps.hunts;
    const cursor = q.cursor !== undefined ? decodeCursor(q.cursor) : null;
    if (q.cursor !== undefined && (!cursor || !hunts.some((h) => h.id === cursor.huntId))) {
      throw new BadRequest(400, 'cursor is not one this API gave for these parameters; start again without it');
    }
    const start = cursor ? hunts.findIndex((h) => h.id === cursor.huntId) : 0;
    const out: FindingJson[] = [];
    let next: string | null = null;
    for (let i = start; i < hunts.length && out.length < limit; i++) {
      const h = hunts[i]!;
      const after = i === start && cursor ? cursor.after : null;
      await settled(s, h);
      const page = await listFindings(s.tables.findings, h.id, filter, after, limit - out.length);
      out.push(...page.findings.map((f) => findingJson(h, f, s.links)));
      const last = page.findings.at(-1);
      if (out.length >= limit && last && (page.more || i < hunts.length - 1)) {
        next = encodeCursor({ huntId: h.id, after: { lastSeen: last.lastSeen, id: last.id } });
      }
    }
    return json(200, { findings: out, next });
  }

  async function runs(url: URL, s: Setup): Promise<Response> {
    const q = params(url, ['hunt', 'limit']);
    const limit = whole(q.limit, 'limit', RUNS_LIMIT_DEFAULT, RUNS_LIMIT_MAX);
    const hunts = q.hunt !== undefined ? [hunt(q.hunt)] : deps.hunts;
    const out = await Promise.all(
      hunts.map(async (h) => {
        await settled(s, h);
        const [records, success, counts] = await Promise.all([
          s.store.listRuns(h.id, limit),
          lastSuccess(s.tables.runs, h.id),
          noticeCounts(s.tables.findings, h.id, s.maxAttempts),
        ]);
        return {
          huntId: h.id,
          name: h.name,
          schedule: effectiveSchedule(h, deps.env),
          lastRun: records[0] ? runJson(records[0]) : null,
          lastSuccess: success?.toISOString() ?? null,
          owed: counts.owed,
          deadLettered: counts.deadLettered,
          runs: records.map(runJson),
        };
      }),
    );
    return json(200, { hunts: out });
  }

  async function oneFinding(url: URL, huntId: string, findingId: string, s: Setup): Promise<Response> {
    params(url, []);
    const h = hunt(huntId);
    await settled(s, h);
    const stored = FINDING_ID.test(findingId) ? await readFinding(s.tables.findings, h.id, findingId) : null;
    if (!stored) throw new BadRequest(404, `no finding ${quoted(findingId)} in hunt ${quoted(h.id)}`);
    return json(200, { finding: findingJson(h, stored, s.links) });
  }

  async function triage(request: Request, huntId: string, findingId: string, s: Setup, who: Principal): Promise<Response> {
    if (!who.roles.includes(TRIAGE_ROLE)) {
      throw new BadRequest(403, `triage needs the app role ${TRIAGE_ROLE}; ask an admin to assign it to you in the app's Enterprise application (Users and groups)`);
    }
    const h = hunt(huntId);
    const body = await triageBody(request);
    if (!FINDING_ID.test(findingId)) throw new BadRequest(404, `no finding ${quoted(findingId)} in hunt ${quoted(h.id)} (finding ids are 64 hex digits)`);
    const change = { action: body.action, by: who.name, at: now(), reason: body.reason };
    await settled(s, h);
    if (!(await applyTriage(s.tables, h.id, findingId, change))) {
      throw new BadRequest(404, `no finding ${quoted(findingId)} in hunt ${quoted(h.id)}`);
    }
    const stored = await readFinding(s.tables.findings, h.id, findingId);
    if (!stored) throw new BadRequest(404, `no finding ${quoted(findingId)} in hunt ${quoted(h.id)}`);
    return json(200, { finding: findingJson(h, stored, s.links) });
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const route = matchRoute(request.method, url.pathname);
    if (route.kind === 'none') return failure(404, 'no such API; the API has GET /api/findings, GET /api/findings/{hunt}/{id}, GET /api/runs and POST /api/findings/{hunt}/{id}/triage');
    if (route.kind === 'method') return failure(405, `use ${route.allow} here`, { Allow: route.allow });
    try {
      const s = getSetup();
      if (s instanceof SettingsProblem) return failure(503, `the API is not configured: ${s.message}`);
      const who = await s.verifier.verify(request.headers.get('authorization'));
      if (route.kind === 'findings') return await findings(url, s);
      if (route.kind === 'runs') return await runs(url, s);
      if (route.kind === 'finding') return await oneFinding(url, route.huntId, route.findingId, s);
      return await triage(request, route.huntId, route.findingId, s, who);
    } catch (error) {
      if (error instanceof AuthError) {
        const challenge = error.bearerError ? `Bearer error="${error.bearerError}"` : 'Bearer';
        return failure(error.status, error.message, error.status === 401 ? { 'WWW-Authenticate': challenge } : {});
      }
      if (error instanceof BadRequest) return failure(error.status, error.message, error.headers);
      deps.log?.error(`findings API: ${request.method} ${url.pathname} failed: ${error instanceof Error ? error.message : String(error)}`);
      return failure(500, 'the request failed on our side (Table Storage may be unreachable); try again, and see the app log if it persists');
    }
  }

  return { handle };
}

class SettingsProblem {
  constructor(readonly message: string) {}
}

function readSetup(deps: ApiDeps): Setup | SettingsProblem {
  try {
    const tables = deps.tables();
    return {
      verifier: new TokenVerifier(authConfigFromEnv(deps.env)),
      links: linkSettingsFrom(deps.env),
      maxAttempts: maxAttemptsFromEnv(deps.env),
      tables,
      store: new TableFindingStore(tables),
    };
  } catch (error) {
    if (error instanceof SettingsError) return new SettingsProblem(error.message);
    if (error instanceof LinkSettingsError) return new SettingsProblem(error.problems.map((p) => p.message).join('; '));
    throw error;
  }
}

type Route =
  | { kind: 'findings' }
  | { kind: 'runs' }
  | { kind: 'finding' | 'triage'; huntId: string; findingId: string }
  | { kind: 'method'; allow: string }
  | { kind: 'none' };

function matchRoute(method: string, pathname: string): Route {
  const parts = pathname.replace(/\/+$/, '').split('/').slice(1);
  if (parts[0] !== 'api') return { kind: 'none' };
  if (parts.length === 2 && (parts[1] === 'findings' || parts[1] === 'runs')) {
    if (method !== 'GET') return { kind: 'method', allow: 'GET' };
    return parts[1] === 'findings' ? { kind: 'findings' } : { kind: 'runs' };
  }
  const isTriage = parts.length === 5 && parts[1] === 'findings' && parts[4] === 'triage';
  if (isTriage || (parts.length === 4 && parts[1] === 'findings')) {
    const wanted = isTriage ? 'POST' : 'GET';
    if (method !== wanted) return { kind: 'method', allow: wanted };
    try {
      return { kind: isTriage ? 'triage' : 'finding', huntId: decodeURIComponent(parts[2]!), findingId: decodeURIComponent(parts[3]!) };
    } catch {
      return { kind: 'none' };
    }
  }
  return { kind: 'none' };
}

/** The query's parameters, each at most once and each one we know: a typo is a 400, not an ignored filter. */
function params(url: URL, known: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of url.searchParams) {
    if (!known.includes(name)) throw new BadRequest(400, `unknown parameter ${quoted(name)}; this endpoint takes ${known.join(', ')}`);
    if (out[name] !== undefined) throw new BadRequest(400, `parameter ${name} is given twice; give it once`);
    out[name] = value;
  }
  return out;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new BadRequest(400, `${name} must be one of ${allowed.join(', ')}, not ${quoted(value)}`);
  return value as T;
}

function isoTime(value: string, name: string): Date {
  const time = new Date(value);
  if (!ISO_TIME.test(value) || Number.isNaN(time.getTime())) {
    throw new BadRequest(400, `${name} must be an ISO 8601 time with a zone, e.g. 2026-11-20T00:00:00Z, not ${quoted(value)}`);
  }
  return time;
}

function whole(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= max)) throw new BadRequest(400, `${name} must be a whole number from 1 to ${max}, not ${quoted(value)}`);
  return n;
}

async function triageBody(request: Request): Promise<{ action: TriageAction; reason?: string }> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new BadRequest(415, 'send the body as JSON (Content-Type: application/json)');
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > BODY_MAX_BYTES) throw new BadRequest(413, `the body is over ${BODY_MAX_BYTES} bytes; it holds an action and a short reason`);
  const text = await request.text();
  if (Buffer.byteLength(text) > BODY_MAX_BYTES) throw new BadRequest(413, `the body is over ${BODY_MAX_BYTES} bytes; it holds an action and a short reason`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadRequest(400, 'the body is not JSON; send { "action": "acknowledged" | "false-positive" | "reopen", "reason": "…" }');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest(400, 'the body must be a JSON object: { "action": …, "reason": … }');
  const unknown = Object.keys(body).filter((k) => k !== 'action' && k !== 'reason');
  if (unknown.length) throw new BadRequest(400, `unknown field ${quoted(unknown[0]!)}; the body has action and reason`);
  const { action, reason } = body as { action?: unknown; reason?: unknown };
  if (typeof action !== 'string') throw new BadRequest(400, `action is required: one of ${TRIAGE_ACTIONS.join(', ')}`);
  const checked = oneOf(action, TRIAGE_ACTIONS, 'action');
  if (reason !== undefined && typeof reason !== 'string') throw new BadRequest(400, 'reason must be text');
  const said = reason?.trim() ?? '';
  if (said.length > REASON_MAX) throw new BadRequest(400, `reason is ${said.length} characters; at most ${REASON_MAX}`);
  if (checked === 'false-positive' && !said) throw new BadRequest(400, 'a false positive needs a reason: say why it is benign, for whoever reads it later');
  return said ? { action: checked, reason: said } : { action: checked };
}
