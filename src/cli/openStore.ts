import type { Logger } from '../run/runHunt.js';
import { TABLES_ACCOUNT_URL, TABLES_CONNECTION_STRING, TABLES_PREFIX, tablePrefixFromEnv, tableSettingsFromEnv } from '../run/settings.js';
import { startAzurite } from '../store/azurite.js';
import type { FindingStore } from '../store/findingStore.js';
import { MAX_TABLE_PREFIX_LENGTH, tableNames, tablePrefixProblem, type TableSettings } from '../store/tableClients.js';
import { TableFindingStore } from '../store/tableFindingStore.js';
import { SettingsError } from '../util/settingsError.js';

export interface OpenStore {
  store: FindingStore;
  close(): Promise<void>;
}

/** The CLI's state for runs on local telemetry files. */
export const LOCAL_STATE = 'local';

/**
 * The CLI's state for one Log Analytics workspace: `ws` and the first 12 hex digits of its ID, which
 * the user can match against the workspace at a glance and which no two of their workspaces share.
 */
export function workspaceState(workspaceId: string): string {
  return `ws${workspaceId.replace(/-/g, '').slice(0, 12).toLowerCase()}`;
}

/**
 * What the CLI's tables are prefixed with: its state namespace, after TABLES_PREFIX when set. A local
 * run and each workspace keep their own findings, runs and watermarks, so a run on sample files never
 * moves a real workspace's watermark (which made its next run a week-long catch-up), and neither
 * touches the Function's tables (TABLES_PREFIX alone).
 */
export function statePrefix(userPrefix: string | undefined, state: string): string {
  const prefix = userPrefix ? `${userPrefix}${state[0].toUpperCase()}${state.slice(1)}` : state;
  if (userPrefix && tablePrefixProblem(prefix)) {
    throw new SettingsError(
      TABLES_PREFIX,
      `is too long for the CLI, which adds "${state}" to it to keep each source's state apart; shorten it to at most ${MAX_TABLE_PREFIX_LENGTH - state.length} characters`,
    );
  }
  return prefix;
}

/** Whose state a CLI command reads: a source's (as `hunts run --source` keeps it) or the deployed Function's. */
export type StateOwner = 'local' | 'loganalytics' | 'function';

/** The table namespace of `owner` (undefined: the Function's own tables); reads the workspace setting when needed. */
export function stateFor(owner: StateOwner, workspaceId: () => string): string | undefined {
  if (owner === 'function') return undefined;
  return owner === 'loganalytics' ? workspaceState(workspaceId()) : LOCAL_STATE;
}

/** Where the CLI's state goes: the configured Table Storage, or (null) an Azurite of its own. */
export interface StorePlan {
  settings: TableSettings | null;
  tablePrefix: string;
}

/**
 * Reads and checks the store's settings, before any telemetry is loaded or hunt run. `state` is the
 * namespace (LOCAL_STATE, workspaceState(id)); without one, the Function's own tables.
 */
export function planStore(env: NodeJS.ProcessEnv, state?: string): StorePlan {
  const configured = env[TABLES_CONNECTION_STRING]?.trim() || env[TABLES_ACCOUNT_URL]?.trim();
  const settings = configured ? tableSettingsFromEnv(env) : null;
  const userPrefix = settings ? settings.tablePrefix : tablePrefixFromEnv(env);
  const tablePrefix = state ? statePrefix(userPrefix, state) : (userPrefix ?? '');
  return { settings, tablePrefix };
}

/**
 * The configured Table Storage when settings name one; otherwise an Azurite of our own on loopback,
 * its data kept in `azuriteDir` so that a second run sees the first run's findings.
 */
export async function openPlannedStore(plan: StorePlan, azuriteDir: string, log: Logger): Promise<OpenStore> {
  const names = Object.values(tableNames(plan.tablePrefix)).join(', ');
  if (plan.settings) {
    log.info(`state in tables ${names} of the configured Table Storage`);
    return { store: TableFindingStore.fromSettings({ ...plan.settings, tablePrefix: plan.tablePrefix }), close: async () => {} };
  }
  log.info(`starting Azurite (Table Storage emulator) on 127.0.0.1, data in ${azuriteDir} ...`);
  const azurite = await startAzurite({ location: azuriteDir });
  log.info(`Azurite is listening on ${azurite.tableUrl}; state in tables ${names}; set ${TABLES_CONNECTION_STRING} to use another store`);
  return {
    store: TableFindingStore.fromSettings({ connectionString: azurite.connectionString, tablePrefix: plan.tablePrefix }),
    close: () => azurite.stop(),
  };
}

export async function openStore(env: NodeJS.ProcessEnv, azuriteDir: string, log: Logger, state?: string): Promise<OpenStore> {
  return openPlannedStore(planStore(env, state), azuriteDir, log);
}
