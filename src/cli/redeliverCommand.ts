import { join } from 'node:path';
import type { Hunt } from '../hunts/hunt.js';
import { notifiersFromEnv } from '../notify/fromSettings.js';
import { CHANNELS, type Channel } from '../notify/notifier.js';
import { deliverOwed } from '../run/deliver.js';
import { logAnalyticsSettingsFromEnv } from '../sources/fromSettings.js';
import { cliRunLimits } from '../run/runLimits.js';
import { deadlineAfter } from '../util/deadline.js';
import { safeForTerminal } from '../util/escape.js';
import { projectRoot } from '../util/paths.js';
import { display, findHunt, stderrLog } from './common.js';
import { openStore, stateFor, type StateOwner } from './openStore.js';
import { channelLines } from './printReport.js';
import { loadOrReport } from './runCommand.js';

export interface RedeliverOptions {
  hunt?: string[];
  channel?: Channel;
  /** Also the dead letters, their attempts counted afresh. */
  failed?: boolean;
  /** Whose owed notices: `hunts run --source`'s state, or the deployed Function's tables. */
  state: StateOwner;
}

const SETTING: Record<Channel, string> = { teams: 'TEAMS_WEBHOOK_URL', webhook: 'WEBHOOK_URL' };

/**
 * `hunts redeliver`: sends what the hunts still owe now, without running them (no query, the watermark
 * stays); with --failed the dead letters too. Each hunt's lease is taken first, so a timer run of the
 * same hunt and this never send the same notice side by side. Exit 1 when any notice failed.
 */
export async function redeliverCommand(opts: RedeliverOptions, huntsDir: string): Promise<number> {
  const { hunts, failed: loadFailed } = loadOrReport(huntsDir);
  // Every hunt by default, enabled or not: a hunt switched off may still owe notices.
  const selected: Hunt[] = opts.hunt?.length ? opts.hunt.map((w) => findHunt(hunts, w, '--hunt')) : hunts;
  if (!selected.length) {
    stderrLog.error(`no hunts in ${display(huntsDir)}`);
    return 1;
  }
  const channels: readonly Channel[] = opts.channel ? [opts.channel] : CHANNELS;
  const notifiers = notifiersFromEnv(process.env).filter((n) => channels.includes(n.channel));
  const unconfigured = notifiers.filter((n) => !n.configured).map((n) => n.channel);
  if (opts.channel && unconfigured.length) {
    stderrLog.error(`--channel ${opts.channel}: ${SETTING[opts.channel]} is not set, so there is nowhere to send; set it and run again`);
    return 1;
  }
  if (unconfigured.length === channels.length) {
    stderrLog.error(`no channel to send on: set ${channels.map((c) => SETTING[c]).join(' or ')}`);
    return 1;
  }
  for (const c of unconfigured) stderrLog.info(`${c}: not configured (${SETTING[c]}), skipped`);
  const limits = cliRunLimits(process.env);

  const localState = process.env.HUNTS_LOCAL_DIR || join(projectRoot(), '.local');
  const state = stateFor(opts.state, () => logAnalyticsSettingsFromEnv(process.env).workspaceId);
  const store = await openStore(process.env, join(localState, 'azurite'), stderrLog, state);
  let sent = 0;
  let failed = 0;
  let busy = 0;
  try {
    await store.store.ensureTables();
    for (const hunt of selected) {
      const owner = `redeliver-${new Date().toISOString().replace(/[-:.]/g, '')}-${process.pid}`;
      const lease = await store.store.acquireLease(hunt.id, owner, limits.leaseTtlMs, new Date());
      const header = `▶ ${safeForTerminal(hunt.name)}  (${safeForTerminal(hunt.file)})`;
      if (!lease) {
        busy += 1;
        process.stdout.write(`${header}\n  skipped: a run of this hunt holds its lease; run again when it ends\n\n`);
        continue;
      }
      try {
        const reports = await deliverOwed(
          hunt,
          { store: store.store, notifiers: notifiers.filter((n) => n.configured), now: () => new Date(), deadline: deadlineAfter(limits.budgetMs), maxAttempts: limits.maxAttempts },
          { deadLetters: opts.failed, channels },
        );
        for (const r of reports) {
          sent += r.sent;
          failed += r.failed + (r.incomplete ? 1 : 0);
        }
        process.stdout.write(`${[header, ...reports.flatMap((c) => channelLines(c))].join('\n')}\n\n`);
      } finally {
        await store.store.releaseLease(lease).catch((error: unknown) => stderrLog.warn(`${hunt.name}: could not release the lease (it expires by itself): ${(error as Error).message}`));
      }
    }
  } finally {
    await store.close();
  }
  const what = opts.failed ? 'owed and dead-lettered' : 'owed';
  stderrLog.info(`${selected.length} hunt(s): ${sent} ${what} notice(s) sent, ${failed} failed${busy ? `, ${busy} hunt(s) busy` : ''}`);
  return failed || busy || loadFailed ? 1 : 0;
}
