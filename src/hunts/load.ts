import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { compileRule, ExclusionValueError } from '../findings/exclusions.js';
import { durationFromMs, parseDuration, parseKustoTimespan } from '../util/duration.js';
import type { Duration, ExclusionRule, Hunt } from './hunt.js';
import { exclusionsFileSchema, huntFileSchema, type ExclusionRuleFile, type HuntFile } from './schema.js';

export const EXCLUSIONS_FILE = 'exclusions.yaml';

/** One problem with one file: enough to find and fix it without reading our code. */
export interface HuntLoadError {
  file: string;
  /** Dotted path of the offending key ("finding.severity", "exclusions.rules[1].values[0]"), or null for the whole file. */
  key: string | null;
  message: string;
}

export function formatLoadError(e: HuntLoadError): string {
  return e.key ? `${e.file}: key '${e.key}': ${e.message}` : `${e.file}: ${e.message}`;
}

export interface LoadedHunts {
  hunts: Hunt[];
  errors: HuntLoadError[];
  globalRules: ExclusionRule[];
}

const DEFAULTS = {
  schedule: '0 0 6 * * *',
  lookback: 'P1D',
  ingestionDelay: 'PT15M',
  maxCatchUp: 'P7D',
  severity: 'Medium',
} as const;

function keyPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function zodErrors(file: string, error: z.ZodError): HuntLoadError[] {
  return error.issues.map((issue) => ({
    file,
    key: issue.path.length ? keyPath(issue.path) : null,
    message: issue.message,
  }));
}

type Parsed<T> = { ok: true; value: T } | { ok: false; errors: HuntLoadError[] };

function readYaml(path: string, file: string): Parsed<unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, errors: [{ file, key: null, message: `cannot read: ${(err as Error).message}` }] };
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({ file, key: null, message: `not valid YAML: ${e.message.split('\n')[0]}` })),
    };
  }
  return { ok: true, value: doc.toJS() };
}

function toRules(rules: ExclusionRuleFile[], origin: string, keyPrefix: string): Parsed<ExclusionRule[]> {
  const errors: HuntLoadError[] = [];
  const names = new Set<string>();
  const out: ExclusionRule[] = [];
  rules.forEach((r, i) => {
    const rule: ExclusionRule = { name: r.name, kind: r.kind, columns: r.columns ?? [], values: r.values, origin, reason: r.reason };
    if (names.has(r.name)) {
      errors.push({ file: origin, key: `${keyPrefix}[${i}].name`, message: `rule name "${r.name}" is used twice; names identify rules in run reports` });
    }
    names.add(r.name);
    try {
      compileRule(rule);
    } catch (err) {
      if (!(err instanceof ExclusionValueError)) throw err;
      errors.push({ file: origin, key: `${keyPrefix}[${i}].values[${err.index}]`, message: err.message });
    }
    out.push(rule);
  });
  return errors.length ? { ok: false, errors } : { ok: true, value: out };
}

/** hunts/exclusions.yaml: rules every hunt uses unless it skips them. A missing file means no global rules. */
export function loadGlobalExclusions(dir: string, displayDir = dir): Parsed<ExclusionRule[]> {
  const path = join(dir, EXCLUSIONS_FILE);
  const file = join(displayDir, EXCLUSIONS_FILE);
  if (!existsSync(path)) return { ok: true, value: [] };
  const yaml = readYaml(path, file);
  if (!yaml.ok) return yaml;
  const parsed = exclusionsFileSchema.safeParse(yaml.value ?? {});
  if (!parsed.success) return { ok: false, errors: zodErrors(file, parsed.error) };
  return toRules(parsed.data.rules, file, 'rules');
}

/** Sentinel's `queryFrequency` as NCRONTAB, for the frequencies a cron field can say exactly. */
function scheduleFromFrequency(frequency: string | undefined): string | undefined {
  const ms = frequency ? parseKustoTimespan(frequency) : null;
  if (!ms) return undefined;
  const minutes = ms / 60_000;
  if (Number.isInteger(minutes) && minutes >= 1 && minutes < 60 && 60 % minutes === 0) return `0 */${minutes} * * * *`;
  const hours = ms / 3_600_000;
  if (Number.isInteger(hours) && hours >= 1 && hours < 24 && 24 % hours === 0) return `0 0 */${hours} * * *`;
  if (hours === 24) return DEFAULTS.schedule;
  return undefined;
}

function duration(text: string): Duration {
  const d = parseDuration(text);
  if ('error' in d) throw new Error(d.error); // schema already validated it
  return d;
}

function toHunt(data: HuntFile, raw: Record<string, unknown>, file: string, globalRules: ExclusionRule[]): Parsed<Hunt> {
  const errors: HuntLoadError[] = [];
  const periodMs = data.queryPeriod ? parseKustoTimespan(data.queryPeriod) : null;
  const lookback = data.lookback ? duration(data.lookback) : periodMs ? durationFromMs(periodMs) : duration(DEFAULTS.lookback);
  const defaultCatchUp = duration(DEFAULTS.maxCatchUp);
  // Unset, catch-up is a week, or the lookback where that is longer: an imported hunt must still load.
  const maxCatchUp = data.maxCatchUp ? duration(data.maxCatchUp) : defaultCatchUp.ms >= lookback.ms ? defaultCatchUp : lookback;
  if (maxCatchUp.ms < lookback.ms) {
    errors.push({ file, key: 'maxCatchUp', message: `${maxCatchUp.iso} is shorter than the lookback ${lookback.iso}; make it at least as long` });
  }

  const skip = data.exclusions?.skipGlobal ?? [];
  skip.forEach((name, i) => {
    if (!globalRules.some((r) => r.name === name)) {
      errors.push({
        file,
        key: `exclusions.skipGlobal[${i}]`,
        message: `no global exclusion rule is named "${name}" (known: ${globalRules.map((r) => r.name).join(', ') || 'none'})`,
      });
    }
  });
  const own = toRules(data.exclusions?.rules ?? [], file, 'exclusions.rules');
  if (!own.ok) errors.push(...own.errors);
  const ownRules = own.ok ? own.value : [];
  ownRules.forEach((r, i) => {
    if (globalRules.some((g) => g.name === r.name) && !skip.includes(r.name)) {
      errors.push({ file, key: `exclusions.rules[${i}].name`, message: `"${r.name}" is also a global rule; rename it or list it in exclusions.skipGlobal` });
    }
  });

  const mappedColumns = (data.entityMappings ?? []).flatMap((m) => m.fieldMappings.map((f) => f.columnName));
  const key = data.finding?.key ?? [...new Set(mappedColumns)];
  const renotify = data.finding?.renotifyAfter;

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      id: data.id,
      name: data.name,
      description: data.description,
      query: data.query,
      schedule: data.schedule ?? scheduleFromFrequency(data.queryFrequency) ?? DEFAULTS.schedule,
      lookback,
      ingestionDelay: duration(data.ingestionDelay ?? DEFAULTS.ingestionDelay),
      maxCatchUp,
      finding: {
        key,
        title: data.finding?.title ?? '',
        severity: data.finding?.severity ?? data.severity ?? DEFAULTS.severity,
        renotifyAfter: renotify ? duration(renotify) : null,
      },
      exclusions: [...globalRules.filter((r) => !skip.includes(r.name)), ...ownRules],
      enabled: data.enabled,
      tactics: data.tactics,
      relevantTechniques: data.relevantTechniques,
      file,
      slug: basename(file).replace(/\.ya?ml$/i, ''),
      raw,
    },
  };
}

export function loadHuntFile(path: string, file: string, globalRules: ExclusionRule[]): Parsed<Hunt> {
  const yaml = readYaml(path, file);
  if (!yaml.ok) return yaml;
  if (typeof yaml.value !== 'object' || yaml.value === null || Array.isArray(yaml.value)) {
    return { ok: false, errors: [{ file, key: null, message: 'expected a YAML mapping with id, name and query at the top level' }] };
  }
  const parsed = huntFileSchema.safeParse(yaml.value);
  if (!parsed.success) return { ok: false, errors: zodErrors(file, parsed.error) };
  return toHunt(parsed.data, yaml.value as Record<string, unknown>, file, globalRules);
}

/**
 * Loads every hunt in `dir` (*.yaml, *.yml, except exclusions.yaml). A bad file is reported and skipped:
 * the other hunts still load. Synchronous because Azure Functions registers timers at module load.
 */
export function loadHunts(dir: string, displayDir = dir): LoadedHunts {
  const errors: HuntLoadError[] = [];
  if (!existsSync(dir)) {
    return { hunts: [], globalRules: [], errors: [{ file: displayDir, key: null, message: 'hunts folder not found; pass --hunts DIR or set HUNTS_DIR' }] };
  }
  const global = loadGlobalExclusions(dir, displayDir);
  // Running without the shared exclusions would post every known false positive to Teams, and store
  // them as already notified: refuse until the file is fixed.
  if (!global.ok) return { hunts: [], globalRules: [], errors: global.errors };
  const globalRules = global.value;

  const hunts: Hunt[] = [];
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f) && f !== EXCLUSIONS_FILE)
    .sort();
  for (const f of files) {
    const file = join(displayDir, f);
    const result = loadHuntFile(join(dir, f), file, globalRules);
    if (!result.ok) {
      errors.push(...result.errors);
      continue;
    }
    const twin = hunts.find((h) => h.id === result.value.id);
    if (twin) {
      errors.push({ file, key: 'id', message: `id ${result.value.id} is already used by ${twin.file}; each hunt needs its own id (findings are stored by it)` });
      continue;
    }
    hunts.push(result.value);
  }
  return { hunts, errors, globalRules };
}
