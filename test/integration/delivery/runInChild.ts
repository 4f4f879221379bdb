/**
 * One run of a hunt in a process of its own, so a test can SIGKILL it mid-delivery as a host would kill a
 * Function: `node --import tsx runInChild.ts '<json ChildRun>'`. Prints the report's counts when it ends.
 */
import { runHunt } from '../../../src/run/runHunt.js';
import { TableFindingStore } from '../../../src/store/tableFindingStore.js';
import { LogAnalyticsSource } from '../../../src/sources/logAnalytics.js';
import type { Hunt } from '../../../src/hunts/hunt.js';
import { FAKE_WORKSPACE_ID, staticTokenCredential, trustOnly } from '../../support/fakeLogAnalytics.js';
import { notifiers, type NotifierUrls } from './harness.js';

export interface ChildRun {
  connectionString: string;
  tablePrefix: string;
  laEndpoint: string;
  laCa: string;
  urls: NotifierUrls;
  hunt: Hunt;
  now: string;
}

const config = JSON.parse(process.argv[2]!) as ChildRun;
const report = await runHunt(config.hunt, {
  source: new LogAnalyticsSource({ workspaceId: FAKE_WORKSPACE_ID, credential: staticTokenCredential(), endpoint: config.laEndpoint, clientOptions: trustOnly(config.laCa) }),
  store: TableFindingStore.fromSettings({ connectionString: config.connectionString, tablePrefix: config.tablePrefix }),
  notifiers: notifiers(config.urls),
  now: () => new Date(config.now),
});
process.stdout.write(`${JSON.stringify({ status: report.status, channels: report.channels.map((c) => [c.channel, c.sent, c.failed]) })}\n`);
