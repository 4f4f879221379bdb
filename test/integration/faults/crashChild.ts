/**
 * One run of a hunt in a process of its own that dies by SIGKILL at a chosen step, as a host kills a
 * Function (or the machine goes away): `node --import tsx crashChild.ts '<json CrashRun>'`. The steps
 * in the middle of a channel's delivery are killed from outside, by the receiver; this process only
 * runs the hunt then.
 */
import { runHunt } from '../../../src/run/runHunt.js';
import type { FindingStore } from '../../../src/store/findingStore.js';
import { TableFindingStore } from '../../../src/store/tableFindingStore.js';
import { LogAnalyticsSource } from '../../../src/sources/logAnalytics.js';
import type { QuerySource } from '../../../src/sources/querySource.js';
import { FAKE_WORKSPACE_ID, staticTokenCredential, trustOnly } from '../../support/fakeLogAnalytics.js';
import { listingNotifiers } from './world.js';
import type { ChildRun } from '../delivery/runInChild.js';

/** Where this process kills itself: after a store or source call returns, or before one starts. */
export type SelfKill =
  | { after: 'acquireLease' | 'query' | 'reconcile' }
  | { before: 'setWatermark' | 'recordRun' | 'releaseLease' };

export interface CrashRun extends ChildRun {
  findingsPerCard: number;
  kill?: SelfKill;
}

const config = JSON.parse(process.argv[2]!) as CrashRun;

async function die(): Promise<never> {
  process.kill(process.pid, 'SIGKILL');
  return new Promise<never>(() => {});
}

/** `target` with its method `name` killing the process before it starts or after it returns. */
function killing<T extends object>(target: T, name: string, when: 'before' | 'after'): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (prop !== name || typeof value !== 'function') return typeof value === 'function' ? value.bind(obj) : value;
      return async (...args: unknown[]) => {
        if (when === 'before') return die();
        await (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args);
        return die();
      };
    },
  });
}

let store: FindingStore = TableFindingStore.fromSettings({ connectionString: config.connectionString, tablePrefix: config.tablePrefix });
let source: QuerySource = new LogAnalyticsSource({ workspaceId: FAKE_WORKSPACE_ID, credential: staticTokenCredential(), endpoint: config.laEndpoint, clientOptions: trustOnly(config.laCa) });
const kill = config.kill;
if (kill && 'after' in kill) {
  if (kill.after === 'query') source = killing(source, 'query', 'after');
  else store = killing(store, kill.after, 'after');
} else if (kill) {
  store = killing(store, kill.before, 'before');
}

const report = await runHunt(config.hunt, {
  source,
  store,
  notifiers: listingNotifiers(config.urls, config.findingsPerCard),
  now: () => new Date(config.now),
});
process.stdout.write(`${JSON.stringify({ status: report.status, reason: report.reason })}\n`);
