import type { InvocationContext, Timer, TimerFunctionOptions } from '@azure/functions';
import type { Hunt } from '../src/hunts/hunt.js';
import { ncrontab } from '../src/hunts/schema.js';
import type { RuntimeDeps } from '../src/run/azureRuntime.js';
import { deliveryTrouble, runHunt, type HuntRunReport } from '../src/run/runHunt.js';
import { scheduleSetting } from '../src/run/settings.js';
import { recordAndFlush } from '../src/telemetry/record.js';
import { deadlineAfter } from '../src/util/deadline.js';
import { jsonLine } from '../src/util/escape.js';

/** One line per run in Application Insights traces: counts, and the new findings' titles (escaped). */
function summary(report: HuntRunReport): string {
  return jsonLine({
    event: 'hunt-run',
    huntId: report.huntId,
    hunt: report.huntName,
    runId: report.runId,
    status: report.status,
    reason: report.reason,
    window: report.window && { start: report.window.start.toISOString(), end: report.window.end.toISOString() },
    rows: report.rows,
    excluded: report.excluded,
    excludedByRule: report.excludedByRule,
    excludedByTriage: report.excludedByTriage,
    findings: report.findings.length,
    new: report.newCount,
    renotify: report.renotifyCount,
    channels: report.channels.map((c) => ({ channel: c.channel, configured: c.configured, sent: c.sent, failed: c.failed, deadLettered: c.deadLettered, errors: c.errors })),
    deliveryIncomplete: report.deliveryIncomplete,
    newTitles: report.findings.filter((f) => f.status !== 'seen').map((f) => f.finding.title),
    durationMs: report.durationMs,
  });
}

function deliveryProblem(report: HuntRunReport): string {
  const failed = report.channels.reduce((n, c) => n + c.failed, 0);
  const dead = report.channels.reduce((n, c) => n + c.deadLettered, 0);
  const parts: string[] = [];
  if (failed) parts.push(`${failed} notice(s) failed${dead ? `, ${dead} of them now dead letters (hunts redeliver --state function --failed sends them again)` : ', they stay owed'}`);
  if (report.deliveryIncomplete) parts.push("delivery incomplete: the run's deadline came with notices still owed");
  return `findings stored, but ${parts.join('; ')}`;
}

export function huntTimerHandler(hunt: Hunt, runtime: () => Promise<RuntimeDeps>) {
  return async (_timer: Timer, context: InvocationContext): Promise<void> => {
    // The Function timeout counts from here, so the deadline does too (building the clients included).
    const started = Date.now();
    const { limits, ...deps } = await runtime();
    const report = await runHunt(hunt, {
      ...deps,
      now: () => new Date(),
      deadline: deadlineAfter(limits.budgetMs - (Date.now() - started)),
      leaseTtlMs: limits.leaseTtlMs,
      maxAttempts: limits.maxAttempts,
      log: { info: (m) => context.info(m), warn: (m) => context.warn(m), error: (m) => context.error(m) },
    });
    const line = summary(report);
    await recordAndFlush(report, hunt);
    // A thrown error marks the invocation failed in Application Insights, where alerts can watch for it.
    if (report.status === 'failed') {
      context.error(line);
      throw new Error(`hunt ${hunt.slug} failed: ${report.reason}`);
    }
    if (report.status === 'succeeded' && deliveryTrouble(report)) {
      // Findings are stored and the watermark moved, but not every notice went out: that is a failure
      // someone must see, not a success with a footnote.
      context.error(line);
      throw new Error(`hunt ${hunt.slug}: ${deliveryProblem(report)}`);
    }
    context.info(line);
  };
}

export interface HuntTimer {
  name: string;
  options: TimerFunctionOptions;
}

const SCHEDULE_PREFIX = scheduleSetting('');

/**
 * A timer per enabled hunt. HUNT_SCHEDULE_<SLUG> overrides its schedule; a bad override leaves that one
 * hunt unscheduled (with an error naming the setting), never the others.
 */
export function huntTimers(
  hunts: Hunt[],
  env: NodeJS.ProcessEnv,
  runtime: () => Promise<RuntimeDeps>,
): { timers: HuntTimer[]; errors: string[] } {
  const timers: HuntTimer[] = [];
  const errors: string[] = [];
  for (const hunt of hunts.filter((h) => h.enabled)) {
    const setting = scheduleSetting(hunt.slug);
    const override = env[setting]?.trim();
    if (override) {
      const check = ncrontab.safeParse(override);
      if (!check.success) {
        errors.push(`${setting}: ${check.error.issues[0].message}; hunt ${hunt.slug} is not scheduled until it is fixed`);
        continue;
      }
    }
    timers.push({
      name: `hunt-${hunt.slug}`,
      // Never runOnStartup: it would fire on every scale-out and restart, not on the schedule.
      options: { schedule: override || hunt.schedule, runOnStartup: false, handler: huntTimerHandler(hunt, runtime) },
    });
  }
  // A misspelt override would otherwise be ignored without a word while the hunt keeps its YAML schedule.
  const known = new Set(hunts.map((h) => scheduleSetting(h.slug)));
  for (const name of Object.keys(env).filter((n) => n.startsWith(SCHEDULE_PREFIX) && !known.has(n)).sort()) {
    errors.push(`${name} names no hunt, so it changes nothing; settings for the loaded hunts are ${[...known].sort().join(', ') || 'none'}`);
  }
  return { timers, errors };
}
