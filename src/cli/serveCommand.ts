/**
 * `hunts serve`: the findings tab and its API on this machine, over the local state `npm start` keeps
 * (Azurite in .local/azurite), for a person to try. Sign-in is the dev issuer's: /.auth/me answers
 * as App Service Authentication would, with a token for a local analyst who may triage.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startDevIssuer, type DevIssuer } from '../api/devIssuer.js';
import { createFindingsApi } from '../api/findingsApi.js';
import { nodeHandler } from '../api/nodeHttp.js';
import { servePage } from '../api/page.js';
import { TRIAGE_ROLE } from '../api/auth.js';
import type { Hunt } from '../hunts/hunt.js';
import { runHunt } from '../run/runHunt.js';
import { startAzurite } from '../store/azurite.js';
import { createTableServiceConfig, type TableServiceConfig } from '../store/tableClients.js';
import { TableFindingStore } from '../store/tableFindingStore.js';
import { projectRoot } from '../util/paths.js';
import { catalogOrFail, display, stderrLog } from './common.js';
import { LOCAL_STATE, planStore } from './openStore.js';
import { warnBeside, type Progress } from './progress.js';
import { loadOrReport } from './runCommand.js';

export interface ServeOptions {
  port: number;
  data: string;
}

const LOCAL_USER = { preferred_username: 'analyst@localhost', name: 'Local analyst', oid: '00000000-0000-4000-8000-000000000001', roles: [TRIAGE_ROLE] };
const TOKEN_LIFETIME_S = 3600;

/** The local state's tables: the configured store when settings name one, else an Azurite of our own. */
async function openTables(): Promise<{ tables: TableServiceConfig; close: () => Promise<void> }> {
  const plan = planStore(process.env, LOCAL_STATE);
  if (plan.settings) return { tables: createTableServiceConfig({ ...plan.settings, tablePrefix: plan.tablePrefix }), close: async () => {} };
  const localState = process.env.HUNTS_LOCAL_DIR || join(projectRoot(), '.local');
  stderrLog.info(`starting Azurite (Table Storage emulator) on 127.0.0.1, data in ${display(join(localState, 'azurite'))} ...`);
  const azurite = await startAzurite({ location: join(localState, 'azurite') });
  return { tables: createTableServiceConfig({ connectionString: azurite.connectionString, tablePrefix: plan.tablePrefix }), close: () => azurite.stop() };
}

async function hasFindings(tables: TableServiceConfig): Promise<boolean> {
  for await (const page of tables.findings.listEntities({ queryOptions: { select: ['RowKey'] } }).byPage({ maxPageSize: 1 })) {
    if (page.length) return true;
  }
  return false;
}

/** The hunts once on the sample telemetry, posting nothing: something to look at in the tab. */
async function seedFindings(hunts: Hunt[], tables: TableServiceConfig, opts: ServeOptions, huntsDir: string, progress: Progress): Promise<void> {
  const { LocalSource } = await import('../sources/local.js');
  const source = new LocalSource(opts.data, { schemas: await catalogOrFail(huntsDir, undefined), onWarning: warnBeside(progress) });
  progress.update(`loading telemetry from ${display(opts.data)}…`);
  await source.warmUp(hunts.map((h) => h.query));
  const now = await source.newestEventTime();
  progress.done();
  if (!now) throw new Error(`${display(opts.data)}: no telemetry found (expected <Table>.ndjson, .csv or .json files); pass --data DIR`);
  const store = new TableFindingStore(tables);
  for (const hunt of hunts) {
    const report = await runHunt(hunt, { source, store, notifiers: [], now: () => now, log: stderrLog });
    stderrLog.info(`ran ${hunt.name} on ${display(opts.data)}: ${report.status}, ${report.findings.length} finding(s)`);
  }
}

/** Where App Service Authentication would send a browser after sign-in; only a path on this server. */
function localRedirect(url: URL): string {
  const target = url.searchParams.get('post_login_redirect_uri') ?? '';
  return /^\/(?![/\\])/.test(target) ? target : '/api/tab/';
}

export async function serveCommand(opts: ServeOptions, huntsDir: string, progress: Progress): Promise<number> {
  const { hunts, failed } = loadOrReport(huntsDir);
  if (failed && !hunts.length) return 1;
  const { tables, close } = await openTables();
  let issuer: DevIssuer | undefined;
  const server = createServer();
  try {
    const store = new TableFindingStore(tables);
    await store.ensureTables();
    if (!(await hasFindings(tables))) await seedFindings(hunts.filter((h) => h.enabled), tables, opts, huntsDir, progress);
    issuer = await startDevIssuer();
    const devIssuer = issuer;

    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new Error(`port ${opts.port} on 127.0.0.1 is in use; pass --port with another (or 0 for any free one)`) : error),
      );
      server.listen(opts.port, '127.0.0.1', () => resolve());
    });
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const api = createFindingsApi({
      hunts,
      // The dev issuer's settings win over any in the environment: locally, only its tokens are good.
      env: { ...process.env, FINDINGS_PAGE_URL: `${origin}/api/tab/`, ...devIssuer.env },
      tables: () => tables,
      log: stderrLog,
    });

    const handle = async (request: Request): Promise<Response> => {
      const url = new URL(request.url);
      if (url.pathname === '/.auth/me') {
        const token = await devIssuer.sign(LOCAL_USER, { expiresIn: TOKEN_LIFETIME_S });
        const expires = new Date(Date.now() + TOKEN_LIFETIME_S * 1000).toISOString();
        const claims = Object.entries({ ...LOCAL_USER, roles: TRIAGE_ROLE }).map(([typ, val]) => ({ typ, val }));
        return Response.json([{ access_token: token, expires_on: expires, provider_name: 'aad', user_id: LOCAL_USER.preferred_username, user_claims: claims }], {
          headers: { 'Cache-Control': 'no-store' },
        });
      }
      if (url.pathname === '/.auth/login/aad' || url.pathname === '/') {
        return new Response(null, { status: 302, headers: { Location: url.pathname === '/' ? '/api/tab/' : localRedirect(url) } });
      }
      if (url.pathname === '/api/tab' || url.pathname.startsWith('/api/tab/')) return servePage(request);
      return api.handle(request);
    };
    server.on('request', nodeHandler(() => origin, handle, (error) => stderrLog.error(`serve: ${error instanceof Error ? error.message : String(error)}`)) as (req: IncomingMessage, res: ServerResponse) => void);

    process.stdout.write(`findings tab  ${origin}/api/tab/\nAPI           ${origin}/api/findings, ${origin}/api/runs (token: ${origin}/.auth/me)\n`);
    stderrLog.info('signed in locally as analyst@localhost (role Hunts.Triage); Ctrl+C stops');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    return 0;
  } finally {
    progress.done();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await issuer?.stop();
    await close();
  }
}
