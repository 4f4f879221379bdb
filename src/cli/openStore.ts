import type { Logger } from '../run/runHunt.js';
import { TABLES_ACCOUNT_URL, TABLES_CONNECTION_STRING, tableSettingsFromEnv } from '../run/settings.js';
import { startAzurite } from '../store/azurite.js';
import type { FindingStore } from '../store/findingStore.js';
import { TableFindingStore } from '../store/tableFindingStore.js';

export interface OpenStore {
  store: FindingStore;
  close(): Promise<void>;
}

/**
 * The configured Table Storage when settings name one; otherwise an Azurite of our own on loopback,
 * its data kept in `azuriteDir` so that a second run sees the first run's findings.
 */
export async function openStore(env: NodeJS.ProcessEnv, azuriteDir: string, log: Logger): Promise<OpenStore> {
  if (env[TABLES_CONNECTION_STRING] || env[TABLES_ACCOUNT_URL]) {
    return { store: TableFindingStore.fromSettings(tableSettingsFromEnv(env)), close: async () => {} };
  }
  log.info(`starting Azurite (Table Storage emulator) on 127.0.0.1, data in ${azuriteDir} ...`);
  const azurite = await startAzurite({ location: azuriteDir });
  log.info(`Azurite is listening on ${azurite.tableUrl}; set ${TABLES_CONNECTION_STRING} to use another store`);
  return {
    store: TableFindingStore.fromSettings({ connectionString: azurite.connectionString }),
    close: () => azurite.stop(),
  };
}
