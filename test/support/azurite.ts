/**
 * A real Azurite for a test file: start it in `before`, stop it in `after`.
 *
 *   let azurite: TestAzurite;
 *   before(async () => { azurite = await withAzurite(); });
 *   after(() => azurite.stop());
 *
 * Each call gets its own port and temp folder (removed on stop). Tests sharing one instance stay
 * apart by using distinct hunt ids, or distinct tables via `uniqueTablePrefix()`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite } from '../../src/store/azurite.js';
import { TableFindingStore } from '../../src/store/tableFindingStore.js';

export interface TestAzurite {
  connectionString: string;
  tableUrl: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * `memory`: nothing on disk. For volume tests: on a folder Azurite rewrites its whole database every
 * 5 s, which at thousands of entities takes most of the time.
 */
export async function withAzurite(options: { memory?: boolean } = {}): Promise<TestAzurite> {
  if (options.memory) {
    const azurite = await startAzurite({ location: 'memory' });
    return { connectionString: azurite.connectionString, tableUrl: azurite.tableUrl, port: azurite.port, stop: () => azurite.stop() };
  }
  const location = await mkdtemp(join(tmpdir(), 'hunts-azurite-'));
  try {
    const azurite = await startAzurite({ location });
    let stopping: Promise<void> | undefined;
    return {
      connectionString: azurite.connectionString,
      tableUrl: azurite.tableUrl,
      port: azurite.port,
      stop: () =>
        (stopping ??= azurite.stop().then(() => rm(location, { recursive: true, force: true }))),
    };
  } catch (error) {
    await rm(location, { recursive: true, force: true });
    throw error;
  }
}

/** A table-name prefix no other test uses ("t" + 10 hex digits). */
export function uniqueTablePrefix(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

/** A TableFindingStore on fresh tables of this Azurite, ready to use. */
export async function createTestStore(azurite: Pick<TestAzurite, 'connectionString'>): Promise<TableFindingStore> {
  const store = TableFindingStore.fromSettings({
    connectionString: azurite.connectionString,
    tablePrefix: uniqueTablePrefix(),
  });
  await store.ensureTables();
  return store;
}
