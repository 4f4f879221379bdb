import { join } from 'node:path';
import type { Hunt } from '../hunts/hunt.js';
import { formatLoadError, loadHunts } from '../hunts/load.js';
import { notifiersFromEnv } from '../notify/fromSettings.js';
import { deliveryTrouble, runHunt, type HuntRunReport, type Logger } from '../run/runHunt.js';
import { cliRunLimits } from '../run/runLimits.js';
import { deadlineAfter } from '../util/deadline.js';
import { logAnalyticsSettingsFromEnv, logAnalyticsSourceFromEnv } from '../sources/fromSettings.js';
import type { QuerySource } from '../sources/querySource.js';
import { jsonLine } from '../util/escape.js';
import { projectRoot } from '../util/paths.js';
import { catalogOrFail, display, findHunt, stderrLog } from './common.js';
import { openPlannedStore, planStore, stateFor } from './openStore.js';
import { writePreviews } from './previewFiles.js';
import { formatReport, reportJson } from './printReport.js';
import { warnBeside, type Progress } from './progress.js';

export interface RunOptions {
  hunt?: string[];
  source: 'local' | 'loganalytics';
  data: string;
  now?: Date;
  exclusions: boolean;
  json?: boolean;
  /** `--schemas DIR` (a program option). */
  schemas?: string;
}

export function loadOrReport(huntsDir: string): { hunts: Hunt[]; failed: boolean; warnings: string[] } {
  const { hunts, errors, warnings } = loadHunts(huntsDir, display(huntsDir));
  for (const e of errors) stderrLog.error(formatLoadError(e));
  for (const w of warnings) stderrLog.warn(formatLoadError(w));
  return { hunts, failed: errors.length > 0, warnings: warnings.map(formatLoadError) };
}

function select(hunts: Hunt[], wanted: string[] | undefined): Hunt[] {
  if (!wanted?.length) return hunts.filter((h) => h.enabled);
  return wanted.map((w) => findHunt(hunts, w, '--hunt'));
}

async function sourceAndClock(
  opts: RunOptions,
  huntsDir: string,
  progress: Progress,
  queries: readonly string[],
): Promise<{ source: QuerySource; now: () => Date }> {
  if (opts.source === 'loganalytics') {
    const source = logAnalyticsSourceFromEnv(process.env);
    const fixed = opts.now;
    return { source, now: fixed ? () => fixed : () => new Date() };
  }
  // Loaded on demand: the embedded engine is large and only the local source needs it.
  const { LocalSource } = await import('../sources/local.js');
  const source = new LocalSource(opts.data, {
    schemas: await catalogOrFail(huntsDir, opts.schemas),
    onWarning: warnBeside(progress),
    onProgress: (p) => progress.update(`loading ${p.table}: ${p.rows.toLocaleString('en-US')} rows, ${Math.round((100 * p.bytesRead) / Math.max(p.bytesTotal, 1))} %`),
  });
  progress.update(`loading telemetry from ${display(opts.data)}…`);
  // One pass per file for every column the selected hunts read, before the clock is taken from the data.
  await source.warmUp(queries);
  const fixed = opts.now ?? (await source.newestEventTime());
  progress.done();
  if (!fixed) throw new Error(`${display(opts.data)}: no telemetry found (expected <Table>.ndjson, .csv or .json files); pass --data DIR`);
  return { source, now: () => fixed };
}

/** `hunts run`: each selected hunt once, its report on stdout as it finishes. */
export async function runCommand(opts: RunOptions, huntsDir: string, progress: Progress): Promise<number> {
  const { hunts, failed: loadFailed, warnings } = loadOrReport(huntsDir);
  const selected = select(hunts, opts.hunt);
  if (!selected.length) {
    stderrLog.error(`no hunts to run in ${display(huntsDir)}`);
    return 1;
  }
  // Settings are checked before telemetry loads; each source and workspace keeps its own state.
  const state = stateFor(opts.source, () => logAnalyticsSettingsFromEnv(process.env).workspaceId);
  const storePlan = planStore(process.env, state);
  const { source, now } = await sourceAndClock(opts, huntsDir, progress, selected.map((h) => h.query));
  const notifiers = notifiersFromEnv(process.env);
  const limits = cliRunLimits(process.env);
  const localState = process.env.HUNTS_LOCAL_DIR || join(projectRoot(), '.local');
  const store = await openPlannedStore(storePlan, join(localState, 'azurite'), stderrLog);
  // A failed run's reason is in its report (stdout, or the JSON's `reason`): logging it as well printed it twice.
  const runLog: Logger = {
    info: opts.json ? () => {} : stderrLog.info,
    warn: stderrLog.warn,
    error: opts.json ? stderrLog.error : () => {},
  };
  const reports: HuntRunReport[] = [];
  try {
    await store.store.ensureTables();
    if (!opts.json) stderrLog.info(`running ${selected.length} hunt(s) on the ${source.name} source, clock ${now().toISOString()}`);
    for (const [i, hunt] of selected.entries()) {
      progress.update(`running ${i + 1}/${selected.length}: ${hunt.name}…`);
      const report = await runHunt(hunt, {
        source,
        store: store.store,
        notifiers,
        now,
        log: runLog,
        applyExclusions: opts.exclusions,
        preview: true,
        // As a Function with the default timeout would: the CLI may share leases with the deployed app.
        deadline: deadlineAfter(limits.budgetMs),
        leaseTtlMs: limits.leaseTtlMs,
        maxAttempts: limits.maxAttempts,
      });
      progress.done();
      reports.push(report);
      if (opts.json) {
        process.stdout.write(`${jsonLine(reportJson(report))}\n`);
        continue;
      }
      const files = writePreviews(report, hunt.slug, join(localState, 'would-post'));
      const shown = Object.fromEntries(Object.entries(files).map(([channel, file]) => [channel, display(file)]));
      process.stdout.write(`${formatReport(report, shown)}\n\n`);
    }
  } finally {
    progress.done();
    await store.close();
  }
  const failed = reports.filter((r) => r.status === 'failed').length;
  const undelivered = reports.filter((r) => r.status === 'succeeded' && deliveryTrouble(r)).length;
  if (!opts.json) {
    const fresh = reports.reduce((n, r) => n + r.newCount, 0);
    const known = reports.reduce((n, r) => n + r.seenCount, 0);
    const notices = undelivered ? `; ${undelivered} with notices not delivered` : '';
    stderrLog.info(`${reports.length} hunt(s) run, ${failed} failed${notices}; ${fresh} new finding(s), ${known} already known`);
  }
  // Said again last: the first time has scrolled away behind the reports.
  for (const w of warnings) stderrLog.warn(w);
  return failed || undelivered || loadFailed ? 1 : 0;
}
