import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { parseDuration } from '../util/duration.js';

const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'] as const;
export const EXCLUSION_KINDS = ['domains', 'cidrs', 'domainSuffixes', 'hashes', 'processNames', 'fileNames'] as const;

const isoDuration = z.string().superRefine((text, ctx) => {
  const parsed = parseDuration(text);
  if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
});

/** NCRONTAB as Azure Functions reads it: six fields, seconds first, UTC. */
export const ncrontab = z.string().superRefine((text, ctx) => {
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 6) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" has ${fields.length} fields; Azure Functions wants six ("second minute hour day month weekday", e.g. "0 7 * * * *" for hourly at :07)`,
    });
    return;
  }
  try {
    CronExpressionParser.parse(text, { tz: 'UTC' });
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a valid NCRONTAB expression: ${(err as Error).message}` });
  }
});

const columnName = z.string().min(1);

/**
 * Sentinel's list keys as its repository really writes them: `tactics:` left empty (null) and
 * `relevantTechniques: [ - ]` (a null entry) both occur, and mean "none".
 */
const sentinelList = z.preprocess(
  (v) => (v === null || v === undefined ? [] : Array.isArray(v) ? v.filter((x) => x !== null && x !== '') : v),
  z.array(z.string()),
);

export const exclusionRuleSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" and "-" (it names the rule in run reports)'),
    kind: z.enum(EXCLUSION_KINDS),
    values: z.array(z.string().min(1)).min(1, 'list at least one value'),
    columns: z.array(columnName).min(1).optional(),
    reason: z.string().optional(),
  })
  .strict();

export const exclusionsFileSchema = z
  .object({
    rules: z.array(exclusionRuleSchema).default([]),
  })
  .strict();

const huntExclusionsSchema = z
  .object({
    /** Names of global rules (hunts/exclusions.yaml) this hunt does not use. */
    skipGlobal: z.array(z.string()).default([]),
    rules: z.array(exclusionRuleSchema).default([]),
  })
  .strict();

const findingSchema = z
  .object({
    key: z.array(columnName).optional(),
    title: z.string().min(1).optional(),
    severity: z.enum(SEVERITIES).optional(),
    renotifyAfter: z.union([isoDuration, z.null()]).optional(),
  })
  .strict();

/**
 * Sentinel's hunting-query keys we read, plus this project's own. `.loose()` keeps every other key:
 * Sentinel adds keys over time and a hunt from its repository must load unchanged.
 */
export const huntFileSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    description: z.string().default(''),
    query: z.string().min(1),
    severity: z.enum(SEVERITIES).optional(),
    tactics: sentinelList,
    relevantTechniques: sentinelList,
    entityMappings: z
      .array(
        z
          .object({
            entityType: z.string().optional(),
            fieldMappings: z.array(z.object({ identifier: z.string().optional(), columnName: z.string() }).loose()).default([]),
          })
          .loose(),
      )
      .optional(),
    queryFrequency: z.string().optional(),
    queryPeriod: z.string().optional(),
    schedule: ncrontab.optional(),
    lookback: isoDuration.optional(),
    ingestionDelay: isoDuration.optional(),
    maxCatchUp: isoDuration.optional(),
    enabled: z.boolean().default(true),
    finding: findingSchema.optional(),
    exclusions: huntExclusionsSchema.optional(),
  })
  .loose();

export type HuntFile = z.infer<typeof huntFileSchema>;
export type ExclusionRuleFile = z.infer<typeof exclusionRuleSchema>;
