import { readdirSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import { compileRule, ExclusionValueError } from '../findings/exclusions.js';
import { durationFromMs, parseDuration, parseKustoTimespan } from '../util/duration.js';
import { editDistance } from '../util/editDistance.js';
import type { Duration, ExclusionRule, Hunt, KeySource } from './hunt.js';
import { exclusionsFileSchema, huntFileSchema, type ExclusionRuleFile, type HuntFile } from './schema.js';
import { MAX_DATA_FILE_BYTES, readYaml } from './yamlFile.js';
import type { YamlPositions, KeyPath, Position } from './yamlPositions.js';

/** The global exclusions file: this name exactly, so a folder says in one way whether it has global rules. */
export const EXCLUSIONS_FILE = 'exclusions.yaml';
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
  /** Problems that do not stop a hunt but must be seen on every run (a missing exclusions.yaml). */
  warnings: HuntLoadError[];
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

export { readYaml, type YamlFile } from './yamlFile.js';

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

const YAML_FILE = /\.ya?ml$/i;

/**
 * A name meant to be the global exclusions file but not exactly it (`exclusions.yml`, `Exclusions.yaml`,
 * `exclusion.yaml`, `exlusions.yaml`): never read as a hunt, never silently ignored.
 */
export function isExclusionsNearMiss(name: string): boolean {
  if (name === EXCLUSIONS_FILE || !YAML_FILE.test(name) || TEST_FILE.test(name)) return false;
  return editDistance(name.replace(YAML_FILE, ''), 'exclusions') <= 2;
}

function nearMissError(dir: string, name: string, hasExclusions: boolean): HuntLoadError {
  const fix = hasExclusions
    ? `move its rules into ${EXCLUSIONS_FILE} and delete it (${EXCLUSIONS_FILE} is used, this file is not)`
    : `rename it to ${EXCLUSIONS_FILE}; until then no hunt runs, since its rules may be the ones every hunt needs`;
  return { file: join(dir, name), key: null, message: `not loaded: the global exclusions file must be named ${EXCLUSIONS_FILE} exactly; ${fix}` };
}

function missingExclusionsWarning(dir: string): HuntLoadError {
  return {
    file: join(dir, EXCLUSIONS_FILE),
    key: null,
    message:
      'not found, so every hunt runs without global exclusion rules and known false positives become findings. ' +
      `If this folder has no global rules, say so with an empty ${EXCLUSIONS_FILE} (or one holding "rules: []"); otherwise restore the file`,
  };
}

export type GlobalExclusions =
  | { ok: true; value: ExclusionRule[]; warning?: HuntLoadError }
  | { ok: false; errors: HuntLoadError[] };

/**
 * `exclusions.yaml`: rules every hunt uses unless it skips them. An empty file (or `rules: []`) says the
 * folder has none; a missing one is a warning (a run without the rules posts every known false
 * positive), and a near-miss name (`exclusions.yml`) an error.
 */
export function loadGlobalExclusions(dir: string, displayDir = dir, names: string[] = readdirSync(dir)): GlobalExclusions {
  const hasExclusions = names.includes(EXCLUSIONS_FILE);
  const nearMisses = names.filter(isExclusionsNearMiss);
  if (nearMisses.length && !hasExclusions) return { ok: false, errors: nearMisses.map((n) => nearMissError(displayDir, n, false)) };
  if (!hasExclusions) return { ok: true, value: [], warning: missingExclusionsWarning(displayDir) };
  const file = join(displayDir, EXCLUSIONS_FILE);
  const yaml = readYaml(join(dir, EXCLUSIONS_FILE), file, MAX_DATA_FILE_BYTES);
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
        show: data.finding?.show ?? [],
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
    const looksLikeRules = 'rules' in value;
    const message = looksLikeRules
      ? `not a hunt: it holds exclusion rules; global rules belong in ${EXCLUSIONS_FILE} (this name exactly), a hunt's own under its exclusions.rules`
      : `not a hunt: it has no id, name or query; ${STRAY}`;
    return { ok: false, errors: [{ file, key: null, message, line: 1, column: 1 }] };
  }
  const parsed = huntFileSchema.safeParse(value);
  if (!parsed.success) return { ok: false, errors: zodErrors(file, parsed.error, positions) };
  return toHunt(parsed.data, value as Record<string, unknown>, file, globalRules, positions);
}

/**
 * The hunt files among a folder's file names: *.yaml and *.yml (Azure-Sentinel's hunting queries are
 * .yaml, other repositories use .yml), but not exclusions.yaml, its near-misses, nor test cases.
 */
export function huntFileNames(dir: string, names: string[] = readdirSync(dir)): string[] {
  return names.filter((f) => YAML_FILE.test(f) && f !== EXCLUSIONS_FILE && !isExclusionsNearMiss(f) && !TEST_FILE.test(f)).sort();
}

/** One file's load, with anything unexpected kept to that file: the others must still load. */
function loadOne(path: string, file: string, globalRules: ExclusionRule[]): Parsed<Hunt> {
  try {
    return loadHuntFile(path, file, globalRules);
  } catch (err) {
    return { ok: false, errors: [{ file, key: null, message: `could not be loaded: ${(err as Error).message}` }] };
  }
}

/**
 * Loads every hunt in `dir` (*.yaml, *.yml, except exclusions.yaml and *.test.yaml). A bad file is reported and skipped:
 * the other hunts still load. Synchronous because Azure Functions registers timers at module load.
 */
export function loadHunts(dir: string, displayDir = dir): LoadedHunts {
  const errors: HuntLoadError[] = [];
  if (!existsSync(dir)) {
    return { hunts: [], globalRules: [], warnings: [], errors: [{ file: displayDir, key: null, message: 'hunts folder not found; pass --hunts DIR or set HUNTS_DIR' }] };
  }
  const names = readdirSync(dir);
  const global = loadGlobalExclusions(dir, displayDir, names);
  // Running without the shared exclusions would post every known false positive to Teams, and store
  // them as already notified: refuse until the file is fixed.
  if (!global.ok) return { hunts: [], globalRules: [], warnings: [], errors: global.errors };
  const globalRules = global.value;
  const warnings = global.warning ? [global.warning] : [];
  if (names.includes(EXCLUSIONS_FILE)) {
    errors.push(...names.filter(isExclusionsNearMiss).map((n) => nearMissError(displayDir, n, true)));
  }

  const hunts: Hunt[] = [];
  for (const f of huntFileNames(dir, names)) {
    const file = join(displayDir, f);
    const result = loadOne(join(dir, f), file, globalRules);
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
  return { hunts, errors, warnings, globalRules };
}
