import { startAzurite } from './src/store/azurite.js';
import { TableFindingStore } from './src/store/tableFindingStore.js';
import { getEntityOrNull, mapLimit, submitInTransactions } from './src/store/tableOps.js';
import { testHunt, testFinding } from './test/integration/store/fixtures.js';
const az = await startAzurite({ location: '/tmp/azbench-' + process.pid });
const store = TableFindingStore.fromSettings({ connectionString: az.connectionString, tablePrefix: 'b' + process.pid });
await store.ensureTables();
const tables = (store as any).tables;
const hunt = testHunt(null);
const fs = Array.from({ length: 1000 }, (_, i) => testFinding(hunt, `host-${i}.example`, { i }));
for (const conc of [1, 4, 16, 64]) {
  const t = performance.now();
  await mapLimit(fs, conc, (f) => getEntityOrNull(tables.findings, hunt.id, f.id, ['firstSeen']));
  console.log('1000 point reads (404) conc', conc, (performance.now() - t).toFixed(0), 'ms');
}
let t = performance.now();
await submitInTransactions(tables.findings, fs.map((f) => ['upsert', { partitionKey: hunt.id, rowKey: f.id, x: 1, rowJson: JSON.stringify(f.row) }, 'Merge']));
console.log('10 transactions', (performance.now() - t).toFixed(0));
for (const conc of [1, 16, 64]) {
  const t = performance.now();
  await mapLimit(fs, conc, (f) => getEntityOrNull(tables.findings, hunt.id, f.id, ['firstSeen']));
  console.log('1000 point reads (found) conc', conc, (performance.now() - t).toFixed(0), 'ms');
}
await az.stop();
