import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import { compileRule, ExclusionValueError } from '../findings/exclusions.js';
import { durationFromMs, parseDuration, parseKustoTimespan } from '../util/duration.js';
import type { Duration, ExclusionRule, Hunt, KeySource } from './hunt.js';
import { exclusionsFileSchema, huntFileSchema, type ExclusionRuleFile, type HuntFile } from './schema.js';
import { YamlPositions, type KeyPath, type Position } from './yamlPositions.js';

export const EXCLUSIONS_FILE = 'exclusions.yaml';
/** Either spelling is the global exclusions file, never a hunt. */
const EXCLUSIONS_FILES = [EXCLUSIONS_FILE, 'exclusions.yml'];
/** A hunt's test cases (`hunts test`) sit beside it as `<hunt file>.test.yaml`. */
export const TEST_FILE = /\.test\.ya?ml$/i;

/** One problem with one file: enough to find and fix it without reading our code. */
export interface HuntLoadError {
  file: string;
  /** Dotted path of the offending key ("finding.severity", "exclusions.rules[1].values[0]"), or null for the whole file. */
  key: string | null;
  message: string;
  /** Where in the file, when known (1-based). */
  line?: number;
  column?: number;
}

export function formatLoadError(e: HuntLoadError): string {
  const where = e.line ? `${e.file}:${e.line}:${e.column ?? 1}` : e.file;
  return e.key ? `${where}: key '${e.key}': ${e.message}` : `${where}: ${e.message}`;
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

/** A key path as zod and our messages write it, back into segments: "rules[1].values[0]" → rules, 1, values, 0. */
function segments(path: string): KeyPath {
  return path.split(/\.|(?=\[)/).map((s) => (s.startsWith('[') ? Number(s.slice(1, -1)) : s));
}

function withPosition(error: HuntLoadError, positions: YamlPositions | undefined): HuntLoadError {
  if (!positions) return error;
  const at: Position = error.key ? positions.key(segments(error.key)) : { line: 1, column: 1 };
  return { ...error, line: at.line, column: at.column };
}

function zodErrors(file: string, error: z.ZodError, positions?: YamlPositions): HuntLoadError[] {
  return error.issues.map((issue) =>
    withPosition({ file, key: issue.path.length ? keyPath(issue.path) : null, message: issue.message }, positions),
  );
}

type Parsed<T> = { ok: true; value: T } | { ok: false; errors: HuntLoadError[] };

export interface YamlFile {
  value: unknown;
  positions: YamlPositions;
}

export function readYaml(path: string, file: string): Parsed<YamlFile> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, errors: [{ file, key: null, message: `cannot read: ${(err as Error).message}` }] };
  }
  const positions = new YamlPositions(text);
  const doc = positions.doc;
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        file,
        key: null,
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
        line: e.linePos?.[0].line,
        column: e.linePos?.[0].col,
      })),
    };
  }
  return { ok: true, value: { value: doc.toJS(), positions } };
}

function toRules(rules: ExclusionRuleFile[], origin: string, keyPrefix: string, positions?: YamlPositions): Parsed<ExclusionRule[]> {
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
  return errors.length ? { ok: false, errors: errors.map((e) => withPosition(e, positions)) } : { ok: true, value: out };
}

/** hunts/exclusions.yaml (or .yml): rules every hunt uses unless it skips them. A missing file means no global rules. */
export function loadGlobalExclusions(dir: string, displayDir = dir): Parsed<ExclusionRule[]> {
  const present = EXCLUSIONS_FILES.filter((f) => existsSync(join(dir, f)));
  if (present.length > 1) {
    return { ok: false, errors: [{ file: join(displayDir, present[1]), key: null, message: `${present[0]} is there too: keep the global exclusions in one file` }] };
  }
  if (!present.length) return { ok: true, value: [] };
  const path = join(dir, present[0]);
  const file = join(displayDir, present[0]);
  const yaml = readYaml(path, file);
  if (!yaml.ok) return yaml;
  const parsed = exclusionsFileSchema.safeParse(yaml.value.value ?? {});
  if (!parsed.success) return { ok: false, errors: zodErrors(file, parsed.error, yaml.value.positions) };
  return toRules(parsed.data.rules, file, 'rules', yaml.value.positions);
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

function toHunt(data: HuntFile, raw: Record<string, unknown>, file: string, globalRules: ExclusionRule[], positions: YamlPositions): Parsed<Hunt> {
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
  const own = toRules(data.exclusions?.rules ?? [], file, 'exclusions.rules', positions);
  if (!own.ok) errors.push(...own.errors);
  const ownRules = own.ok ? own.value : [];
  ownRules.forEach((r, i) => {
    if (globalRules.some((g) => g.name === r.name) && !skip.includes(r.name)) {
      errors.push({ file, key: `exclusions.rules[${i}].name`, message: `"${r.name}" is also a global rule; rename it or list it in exclusions.skipGlobal` });
    }
  });

  // Sentinel's entityMappings name the columns that identify what a hunt found: the natural key.
  const mappedColumns = [...new Set((data.entityMappings ?? []).flatMap((m) => m.fieldMappings.map((f) => f.columnName)))];
  const key = data.finding?.key ?? mappedColumns;
  const keySource: KeySource = data.finding?.key ? 'finding.key' : mappedColumns.length ? 'entityMappings' : 'derived from columns';
  const renotify = data.finding?.renotifyAfter;

  if (errors.length) return { ok: false, errors: errors.map((e) => (e.line ? e : withPosition(e, positions))) };
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
        keySource,
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

const STRAY =
  'the hunts folder holds hunt files (id, name, query), exclusions.yaml and <hunt file>.test.yaml test cases; move other files out of it';

export function loadHuntFile(path: string, file: string, globalRules: ExclusionRule[]): Parsed<Hunt> {
  const yaml = readYaml(path, file);
  if (!yaml.ok) return yaml;
  const { value, positions } = yaml.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [{ file, key: null, message: `not a hunt: expected a YAML mapping with id, name and query at the top level; ${STRAY}`, line: 1, column: 1 }] };
  }
  if (!['id', 'name', 'query'].some((k) => k in value)) {
    return { ok: false, errors: [{ file, key: null, message: `not a hunt: it has no id, name or query; ${STRAY}`, line: 1, column: 1 }] };
  }
  const parsed = huntFileSchema.safeParse(value);
  if (!parsed.success) return { ok: false, errors: zodErrors(file, parsed.error, positions) };
  return toHunt(parsed.data, value as Record<string, unknown>, file, globalRules, positions);
}

/** The hunt files of a folder: *.yaml and *.yml, but not the exclusions file nor test cases. */
export function huntFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f) && !EXCLUSIONS_FILES.includes(f.toLowerCase()) && !TEST_FILE.test(f))
    .sort();
}

/**
 * Loads every hunt in `dir` (*.yaml, *.yml, except exclusions.yaml and *.test.yaml). A bad file is reported and skipped:
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
  for (const f of huntFileNames(dir)) {
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
