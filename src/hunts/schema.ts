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

/** `rules:` with nothing after it, like an empty file, says the folder has no global rules. */
export const exclusionsFileSchema = z
  .object({
    rules: z.preprocess((v) => v ?? [], z.array(exclusionRuleSchema)),
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
    /** The columns a Teams card shows for each finding, in this order. */
    show: z
      .array(columnName)
      .min(1, 'list at least one column, or leave finding.show out for the default order')
      .superRefine((columns, ctx) => {
        columns.forEach((c, i) => {
          if (columns.indexOf(c) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `column '${c}' is listed twice; list each column once` });
        });
      })
      .optional(),
    severity: z.enum(SEVERITIES).optional(),
    renotifyAfter: z.union([isoDuration, z.null()]).optional(),
  })
  .strict();

/** A key every hunt must have, as text with something in it; a missing or empty one says what goes there. */
function required(what: string, example: string) {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? `is missing: ${what}; add it, e.g. ${example}`
          : issue.input === null
          ? `is empty: ${what}; fill it in, e.g. ${example}`
          : `must be text (${what}), not ${Array.isArray(issue.input) ? 'a list' : typeof issue.input}`,
    })
    .refine((text) => text.trim() !== '', { message: `is empty: ${what}; fill it in, e.g. ${example}` });
}

/**
 * Sentinel's hunting-query keys we read, plus this project's own. `.loose()` keeps every other key:
 * Sentinel adds keys over time and a hunt from its repository must load unchanged.
 */
export const huntFileSchema = z
  .object({
    id: required('the id findings are stored under (Sentinel hunts use a GUID)', '"id: 0a1b2c3d-0000-4000-8000-000000000001"'),
    name: required('the name notices show', '"name: Rare process"'),
    description: z.string().default(''),
    query: required('the hunt\'s KQL', '"query: |" followed by the KQL on the lines below, indented'),
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
