import { CronExpressionParser } from 'cron-parser';
import type { Hunt } from '../hunts/hunt.js';
import { scheduleSetting } from '../run/settings.js';

/** The schedule a hunt's timer really runs on: its HUNT_SCHEDULE_<FILE NAME> override, else its YAML's. */
export function effectiveSchedule(hunt: Pick<Hunt, 'slug' | 'schedule'>, env: NodeJS.ProcessEnv): string {
  return env[scheduleSetting(hunt.slug)]?.trim() || hunt.schedule;
}

/** Seconds between the next two ticks of a six-field NCRONTAB (UTC) after `from`. */
export function schedulePeriodSeconds(schedule: string, from: Date): number {
  const ticks = CronExpressionParser.parse(schedule, { tz: 'UTC', currentDate: from });
  const first = ticks.next().getTime();
  return Math.round((ticks.next().getTime() - first) / 1000);
}

/**
 * When a hunt that last succeeded at `lastSuccess` became overdue: the second tick after it (two
 * scheduled runs came and neither succeeded), or null while it is not overdue at `now`. Counting ticks
 * rather than multiplying a period keeps irregular schedules right (a weekday hunt over a weekend).
 * `grace` covers a run that starts a little after its tick.
 */
export function overdueSince(schedule: string, lastSuccess: Date, now: Date, graceMs: number): Date | null {
  const ticks = CronExpressionParser.parse(schedule, { tz: 'UTC', currentDate: lastSuccess });
  ticks.next();
  const second = ticks.next().toDate();
  const due = new Date(second.getTime() + graceMs);
  return due <= now ? due : null;
}
