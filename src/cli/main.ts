#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeForTerminal } from '../util/escape.js';
import { projectRoot } from '../util/paths.js';
import { parseNow, parsePort } from './common.js';
import { listCommand } from './listCommand.js';
import { progressOn } from './progress.js';
import { runCommand, type RunOptions } from './runCommand.js';
import { validateCommand } from './validateCommand.js';
import { queryCommand, type QueryOptions } from './queryCommand.js';
import { redeliverCommand, type RedeliverOptions } from './redeliverCommand.js';
import { serveCommand, type ServeOptions } from './serveCommand.js';
import { testCommand } from './testCommand.js';

const root = projectRoot();
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const progress = progressOn(process.stderr);

/**
 * A usage error is one line naming the problem and where the help is, never the whole help:
 * commander's own messages may put "(Did you mean ...?)" on a line of its own.
 */
function oneLineUsageErrors(command: Command, name: string): Command {
  return command.configureOutput({
    outputError: (message, write) => write(`${message.trim().split('\n').join(' ')} (see ${name} --help)\n`),
  });
}

const program = new Command('hunts')
  .description('Scheduled Microsoft Sentinel threat hunts: list, validate, test and run the hunts in a folder, or query local telemetry')
  .version(version, '-V, --version', 'print the version')
  .option('--hunts <dir>', 'folder of hunt YAML files (env HUNTS_DIR)', process.env.HUNTS_DIR ?? join(root, 'hunts'))
  .option('--schemas <dir>', 'folder of table schemas (<Table>.json, Azure-Sentinel CustomTables format); overrides <hunts>/schemas/ and the shipped ones')
  .exitOverride();
oneLineUsageErrors(program, 'hunts');

const huntsDir = () => program.opts<{ hunts: string }>().hunts;
const schemasDir = () => program.opts<{ schemas?: string }>().schemas;

oneLineUsageErrors(
  program
    .command('list')
    .description('list the hunts: id (what --hunt takes, with the file name or name), file name, schedule, lookback, severity, name')
    .option('--json', 'one JSON object per hunt')
    .action((opts: { json?: boolean }) => {
      process.exitCode = listCommand(huntsDir(), !!opts.json);
    }),
  'hunts list',
);

oneLineUsageErrors(
  program
    .command('validate')
    .description(
      "load every hunt and exclusion file, bind each query against the table schemas, check each finding key and title against the query's result columns; problems as file:line:col",
    )
    .option('--json', 'one JSON object per hunt file: file, id, status, runsLocally, key, keySource, diagnostics')
    .action(async (opts: { json?: boolean }) => {
      process.exitCode = await validateCommand(huntsDir(), schemasDir(), !!opts.json, progress);
    }),
  'hunts validate',
);

oneLineUsageErrors(
  program
    .command('run')
    .description('run hunts once: query, exclusions, dedup in Table Storage, notices (or what would be posted)')
    .option('--hunt <id...>', 'only these hunts (id, file name or name); default every enabled hunt')
    .addOption(new Option('--source <source>', 'where the telemetry is').choices(['local', 'loganalytics']).default('local'))
    .option('--data <dir>', 'folder of local telemetry, <Table>.ndjson, .csv or .json', join(root, 'samples'))
    .option('--now <iso>', "the run's clock (local source default: the newest event in --data)", parseNow)
    .option('--no-exclusions', 'run the hunts raw, to show what the exclusions hide')
    .option('--json', 'one JSON object per hunt run instead of the summary')
    .action(async (opts: RunOptions) => {
      process.exitCode = await runCommand({ ...opts, schemas: schemasDir() }, huntsDir(), progress);
    }),
  'hunts run',
);

oneLineUsageErrors(
  program
    .command('redeliver')
    .description('send the notices hunts still owe now, without running them; --failed also the dead letters (notices that failed DELIVERY_MAX_ATTEMPTS runs)')
    .option('--hunt <id...>', 'only these hunts (id, file name or name); default every hunt')
    .addOption(new Option('--channel <channel>', 'only this channel').choices(['teams', 'webhook']))
    .option('--failed', 'also the dead letters, their attempts counted from zero again')
    .addOption(
      new Option('--state <owner>', "whose notices: those of `hunts run --source local` or `--source loganalytics` (this workspace), or the deployed Function's tables")
        .choices(['local', 'loganalytics', 'function'])
        .default('local'),
    )
    .action(async (opts: RedeliverOptions) => {
      process.exitCode = await redeliverCommand(opts, huntsDir());
    }),
  'hunts redeliver',
);

oneLineUsageErrors(
  program
    .command('query')
    .description('run ad-hoc KQL on the local engine, over the telemetry files in --data or literals only')
    .argument('<kql>', 'the query (quote it)')
    .option('--data <dir>', 'folder of local telemetry: one file per table, named after it')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--now <iso>', 'the clock for now() and ago() (default: the newest event in --data, else the real time)', parseNow)
    .action(async (kql: string, opts: QueryOptions) => {
      process.exitCode = await queryCommand(kql, opts, huntsDir(), schemasDir(), progress);
    }),
  'hunts query',
);

oneLineUsageErrors(
  program
    .command('test')
    .description('run the test cases beside each hunt (<hunt file>.test.yaml) on the local engine: query, exclusions, findings')
    .argument('[hunt...]', 'only these hunts (id, file name or name); default every hunt with test cases')
    .action(async (wanted: string[]) => {
      process.exitCode = await testCommand(huntsDir(), schemasDir(), wanted, progress);
    }),
  'hunts test',
);

oneLineUsageErrors(
  program
    .command('serve')
    .description('the findings tab and its API on 127.0.0.1 over the local state (Azurite in .local/azurite); runs the hunts on --data first when there are no findings yet')
    .option('--port <port>', 'port on 127.0.0.1 (0: any free one)', parsePort, 7071)
    .option('--data <dir>', 'telemetry to run the hunts on when there are no findings yet', join(root, 'samples'))
    .action(async (opts: ServeOptions) => {
      process.exitCode = await serveCommand(opts, huntsDir(), progress);
    }),
  'hunts serve',
);

program.parseAsync(process.argv).catch((err: unknown) => {
  progress.done();
  // Commander has printed its message (or the help, or the version) already.
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
    return;
  }
  // Multi-line errors (settings, a sign-in failure) keep their lines, each made safe on its own.
  const [first, ...rest] = (err instanceof Error ? err.message : String(err)).split('\n');
  process.stderr.write(`error: ${[safeForTerminal(first), ...rest.map((l) => `  ${safeForTerminal(l)}`)].join('\n')}\n`);
  process.exitCode = 1;
});
