#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { join, relative } from 'node:path';
import { formatLoadError, loadHunts } from '../hunts/load.js';
import type { Hunt } from '../hunts/hunt.js';
import { notifiersFromEnv } from '../notify/fromSettings.js';
import { runHunt, type HuntRunReport, type Logger } from '../run/runHunt.js';
import { logAnalyticsSourceFromEnv } from '../sources/fromSettings.js';
import type { QuerySource } from '../sources/querySource.js';
import type { SchemaCatalog } from '../sources/schemaCatalog.js';
import { jsonLine, safeForTerminal } from '../util/escape.js';
import { projectRoot } from '../util/paths.js';
import { openStore } from './openStore.js';
import { formatReport, reportJson } from './printReport.js';

const root = projectRoot();

/** Progress and diagnostics go to stderr, so `--json` output on stdout stays machine-readable. */
const stderrLog: Logger = {
  info: (m) => process.stderr.write(`${safeForTerminal(m)}\n`),
  warn: (m) => process.stderr.write(`warning: ${safeForTerminal(m)}\n`),
  error: (m) => process.stderr.write(`error: ${safeForTerminal(m)}\n`),
};

function parseNow(text: string): Date {
  const d = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(d.getTime())) {
    throw new InvalidArgumentError(`"${text}" is not an ISO 8601 time; write e.g. 2026-11-20T12:00:00Z`);
  }
  return d;
}

function display(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') ? rel : dir;
}

function load(huntsDir: string): { hunts: Hunt[]; failed: boolean } {
  const { hunts, errors } = loadHunts(huntsDir, display(huntsDir));
  for (const e of errors) stderrLog.error(formatLoadError(e));
  return { hunts, failed: errors.length > 0 };
}

function select(hunts: Hunt[], wanted: string[] | undefined): Hunt[] {
  if (!wanted?.length) return hunts.filter((h) => h.enabled);
  return wanted.map((w) => {
    const hunt = hunts.find((h) => h.id === w || h.slug === w || h.name === w);
    if (!hunt) {
      throw new InvalidArgumentError(`--hunt ${w}: no such hunt; \`hunts list\` shows ids and names (${hunts.map((h) => h.slug).join(', ')})`);
    }
    return hunt;
  });
}

interface RunOptions {
  hunt?: string[];
  source: 'local' | 'loganalytics';
  data: string;
  now?: Date;
  exclusions: boolean;
  json?: boolean;
}

/**
 * The table schemas hunts bind against: shipped, then `<hunts>/schemas/`, then `--schemas DIR`.
 * Loaded on demand, like the engine whose type names it uses.
 */
async function schemaCatalog(huntsDir: string): Promise<{ catalog: SchemaCatalog; failed: boolean }> {
  const { loadSchemaCatalog } = await import('../sources/schemaCatalog.js');
  const { formatSchemaError } = await import('../sources/schemaFile.js');
  const { catalog, errors } = loadSchemaCatalog({ huntsDir, schemasDir: program.opts().schemas, display });
  for (const e of errors) stderrLog.error(formatSchemaError(e));
  return { catalog, failed: errors.length > 0 };
}

async function sourceAndClock(opts: RunOptions, huntsDir: string): Promise<{ source: QuerySource; now: () => Date }> {
  if (opts.source === 'loganalytics') {
    const source = logAnalyticsSourceFromEnv(process.env);
    const fixed = opts.now;
    return { source, now: fixed ? () => fixed : () => new Date() };
  }
  // Loaded on demand: the embedded engine is large and only the local source needs it.
  const { LocalSource } = await import('../sources/local.js');
  // A broken schema stops the run: the tables' types would silently differ from what the user wrote.
  const { catalog, failed } = await schemaCatalog(huntsDir);
  if (failed) throw new Error('fix the schema files above, then run again');
  const source = new LocalSource(opts.data, { schemas: catalog });
  const fixed = opts.now ?? (await source.newestEventTime());
  if (!fixed) throw new Error(`${display(opts.data)}: no telemetry found (expected <Table>.ndjson files); pass --data DIR`);
  return { source, now: () => fixed };
}

async function runCommand(opts: RunOptions, huntsDir: string): Promise<number> {
  const { hunts, failed: loadFailed } = load(huntsDir);
  const selected = select(hunts, opts.hunt);
  if (!selected.length) {
    stderrLog.error(`no hunts to run in ${display(huntsDir)}`);
    return 1;
  }
  const { source, now } = await sourceAndClock(opts, huntsDir);
  const notifiers = notifiersFromEnv(process.env);
  const localState = process.env.HUNTS_LOCAL_DIR || join(root, '.local');
  const store = await openStore(process.env, join(localState, 'azurite'), stderrLog);
  const reports: HuntRunReport[] = [];
  try {
    await store.store.ensureTables();
    if (!opts.json) stderrLog.info(`running ${selected.length} hunt(s) on the ${source.name} source, clock ${now().toISOString()}`);
    for (const hunt of selected) {
      const report = await runHunt(hunt, {
        source,
        store: store.store,
        notifiers,
        now,
        log: opts.json ? undefined : stderrLog,
        applyExclusions: opts.exclusions,
        preview: true,
      });
      reports.push(report);
      process.stdout.write(opts.json ? `${jsonLine(reportJson(report))}\n` : `${formatReport(report)}\n\n`);
    }
  } finally {
    await store.close();
  }
  const failed = reports.filter((r) => r.status === 'failed').length;
  if (!opts.json) {
    const fresh = reports.reduce((n, r) => n + r.newCount, 0);
    const known = reports.reduce((n, r) => n + r.seenCount, 0);
    stderrLog.info(`${reports.length} hunt(s) run, ${failed} failed; ${fresh} new finding(s), ${known} already known`);
  }
  return failed || loadFailed ? 1 : 0;
}

function listCommand(huntsDir: string, json: boolean): number {
  const { hunts, failed } = load(huntsDir);
  for (const h of hunts) {
    if (json) {
      process.stdout.write(
        `${jsonLine({ id: h.id, slug: h.slug, name: h.name, file: h.file, enabled: h.enabled, schedule: h.schedule, lookback: h.lookback.iso, key: h.finding.key, severity: h.finding.severity, exclusions: h.exclusions.map((r) => r.name) })}\n`,
      );
    } else {
      process.stdout.write(
        `${h.enabled ? ' ' : '-'} ${h.slug.padEnd(34)} ${h.schedule.padEnd(16)} lookback ${h.lookback.iso.padEnd(5)} ${h.finding.severity.padEnd(6)} ${safeForTerminal(h.name)}\n`,
      );
    }
  }
  return failed ? 1 : 0;
}

async function validateCommand(huntsDir: string): Promise<number> {
  const { hunts, failed: huntsFailed } = load(huntsDir);
  const { catalog, failed: schemasFailed } = await schemaCatalog(huntsDir);
  const failed = huntsFailed || schemasFailed;
  const { checkHuntQueries } = await import('./checkQueries.js');
  const checks = await checkHuntQueries(hunts, catalog);
  const mark = { ok: '✓', unsupported: '~', unchecked: '-', error: '✗' } as const;
  for (const c of checks) {
    if (c.status === 'error') for (const line of c.message.split('\n')) stderrLog.error(line);
    else process.stdout.write(`${mark[c.status]} ${c.hunt.slug}: ${safeForTerminal(c.message)}\n`);
  }
  const bad = checks.filter((c) => c.status === 'error').length;
  process.stdout.write(`${hunts.length - bad} hunt(s) valid${failed || bad ? '; see the errors above' : ''}\n`);
  return failed || bad ? 1 : 0;
}

const program = new Command('hunts')
  .description('Scheduled Microsoft Sentinel threat hunts: run, validate and list the hunts in a folder')
  .option('--hunts <dir>', 'folder of hunt YAML files (env HUNTS_DIR)', process.env.HUNTS_DIR ?? join(root, 'hunts'))
  .option('--schemas <dir>', 'folder of table schemas (<Table>.json, Azure-Sentinel CustomTables format); overrides <hunts>/schemas/ and the shipped ones')
  .showHelpAfterError();

program
  .command('list')
  .description('list the hunts: id, schedule, lookback, severity')
  .option('--json', 'one JSON object per hunt')
  .action((opts: { json?: boolean }) => {
    process.exitCode = listCommand(program.opts().hunts, !!opts.json);
  });

program
  .command('validate')
  .description('load every hunt and exclusion file, bind each query against the known table schemas, and report each problem with its file and key')
  .action(async () => {
    process.exitCode = await validateCommand(program.opts().hunts);
  });

program
  .command('run')
  .description('run hunts once: query, exclusions, dedup in Table Storage, notices (or what would be posted)')
  .option('--hunt <id...>', 'only these hunts (id, file name or name); default every enabled hunt')
  .addOption(new Option('--source <source>', 'where the telemetry is').choices(['local', 'loganalytics']).default('local'))
  .option('--data <dir>', 'folder of local telemetry, <Table>.ndjson', join(root, 'samples'))
  .option('--now <iso>', "the run's clock (local source default: the newest event in --data)", parseNow)
  .option('--no-exclusions', 'run the hunts raw, to show what the exclusions hide')
  .option('--json', 'one JSON object per hunt run instead of the summary')
  .action(async (opts: RunOptions) => {
    process.exitCode = await runCommand(opts, program.opts().hunts);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  // Settings errors list one problem a line: keep those lines, each made safe on its own.
  const [first, ...rest] = (err instanceof Error ? err.message : String(err)).split('\n');
  process.stderr.write(`error: ${[safeForTerminal(first), ...rest.map((l) => `  ${safeForTerminal(l)}`)].join('\n')}\n`);
  process.exitCode = 1;
});
