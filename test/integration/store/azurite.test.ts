import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TableClient, TableServiceClient } from '@azure/data-tables';
import { startAzurite } from '../../../src/store/azurite.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'hunts-azurite-test-'));
});
after(() => rm(root, { recursive: true, force: true }));

const client = (connectionString: string, table: string): TableClient =>
  TableClient.fromConnectionString(connectionString, table, { allowInsecureConnection: true });

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitUntilClosed(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await listening(port))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('startAzurite', () => {
  it('serves tables on a free loopback port, stops cleanly, and keeps its data across restarts', async () => {
    const location = join(root, 'persist');
    const first = await startAzurite({ location });
    assert.match(first.tableUrl, /^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
    assert.ok(first.connectionString.includes(`TableEndpoint=${first.tableUrl}`));
    const table = client(first.connectionString, 'persisted');
    await table.createTable();
    await table.upsertEntity({ partitionKey: 'p', rowKey: 'r', value: 42 });
    await first.stop();
    await first.stop();
    assert.equal(await listening(first.port), false);

    const second = await startAzurite({ location });
    try {
      const entity = await client(second.connectionString, 'persisted').getEntity<{ value: number }>('p', 'r');
      assert.equal(entity.value, 42);
    } finally {
      await second.stop();
    }
  });

  it('runs several instances side by side', async () => {
    const [a, b] = await Promise.all([
      startAzurite({ location: join(root, 'a') }),
      startAzurite({ location: join(root, 'b') }),
    ]);
    try {
      assert.notEqual(a.port, b.port);
      await client(a.connectionString, 'one').createTable();
      const tablesOf = async (connectionString: string): Promise<string[]> => {
        const service = TableServiceClient.fromConnectionString(connectionString, { allowInsecureConnection: true });
        const names: string[] = [];
        for await (const table of service.listTables()) names.push(table.name ?? '');
        return names;
      };
      assert.deepEqual(await tablesOf(a.connectionString), ['one']);
      assert.deepEqual(await tablesOf(b.connectionString), []);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('fails clearly when a fixed port is taken', async () => {
    const holder = await startAzurite({ location: join(root, 'holder') });
    try {
      await assert.rejects(startAzurite({ location: join(root, 'taken'), port: holder.port }), /EADDRINUSE/);
    } finally {
      await holder.stop();
    }
  });

  it('does not outlive a parent that is killed', async () => {
    const moduleUrl = new URL('../../../src/store/azurite.ts', import.meta.url).href;
    const script =
      `const { startAzurite } = await import(${JSON.stringify(moduleUrl)});` +
      `const a = await startAzurite({ location: ${JSON.stringify(join(root, 'orphan'))} });` +
      `console.log('PORT=' + a.port); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /PORT=(\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      parent.once('exit', (code) => reject(new Error(`parent exited early (${code}): ${out}`)));
    });
    assert.equal(await listening(port), true);
    parent.kill('SIGKILL');
    assert.equal(await waitUntilClosed(port, 10_000), true, 'Azurite still listening after its parent died');
  });
});
