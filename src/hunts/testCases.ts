/**
 * A hunt's test cases: `<hunt file>.test.yaml` beside it, run by `hunts test`. Each case gives the
 * rows of each table, the run's clock, and the findings the hunt must make from them (by key, and
 * optionally column values), after the exclusions unless it says `exclusions: false`.
 */
import { z } from 'zod';
import type { HuntLoadError } from './load.js';
import { MAX_DATA_FILE_BYTES, readYaml } from './yamlFile.js';
import type { YamlPositions } from './yamlPositions.js';

/** A long run of digits (a hash, an id) reads as a number in YAML and loses digits: it must be quoted. */
const cell = z.unknown().refine((v) => typeof v !== 'number' || !Number.isInteger(v) || Number.isSafeInteger(v), {
  message: 'this number is too large to keep exact (YAML reads unquoted digits as a number); quote it',
});
const row = z.record(z.string(), cell);

const isoTime = z.string().refine((t) => /^\d{4}-\d{2}-\d{2}T/.test(t) && !Number.isNaN(Date.parse(t)), {
  message: 'not an ISO 8601 time; write e.g. 2026-11-20T12:00:00Z',
});

const caseSchema = z
  .object({
    name: z.string().min(1),
    /** The run's clock; default the newest event in `input`, as `hunts run` does on local files. */
    now: isoTime.optional(),
    exclusions: z.boolean().default(true),
    /** Table name → its rows. Tables the query reads that are left out are empty. */
    input: z.record(z.string(), z.array(row)).default({}),
    /** Every finding the run must make, and no other; `[]` for none. */
    expect: z.array(z.object({ key: row, columns: row.optional() }).strict()),
    /** Rows each named exclusion rule must drop, exactly. */
    excluded: z.record(z.string(), z.number().int().min(0)).optional(),
  })
  .strict();

const fileSchema = z.object({ cases: z.array(caseSchema).min(1, 'list at least one case') }).strict();

export type TestCase = z.infer<typeof caseSchema> & { line: number };

export interface TestFile {
  file: string;
  cases: TestCase[];
}

function keyPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Reads and checks one test file; errors name the file, line and key like hunt files' do. */
export function loadTestFile(path: string, file: string): { ok: true; value: TestFile } | { ok: false; errors: HuntLoadError[] } {
  // Test cases carry rows of telemetry: they may be larger than a hunt.
  const yaml = readYaml(path, file, MAX_DATA_FILE_BYTES);
  if (!yaml.ok) return yaml;
  const positions: YamlPositions = yaml.value.positions;
  const parsed = fileSchema.safeParse(yaml.value.value ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => {
        const at = positions.key(issue.path.filter((p): p is string | number => typeof p !== 'symbol'));
        return { file, key: issue.path.length ? keyPath(issue.path) : null, message: issue.message, line: at.line, column: at.column };
      }),
    };
  }
  const names = new Set<string>();
  const errors: HuntLoadError[] = [];
  const cases = parsed.data.cases.map((c, i) => {
    const line = positions.key(['cases', i]).line;
    if (names.has(c.name)) errors.push({ file, key: `cases[${i}].name`, message: `a second case is named "${c.name}"; names identify cases in reports`, line, column: 1 });
    names.add(c.name);
    return { ...c, line };
  });
  return errors.length ? { ok: false, errors } : { ok: true, value: { file, cases } };
}
