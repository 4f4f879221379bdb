import { InvalidArgumentError } from 'commander';
import { basename, join, relative } from 'node:path';
import type { Hunt } from '../hunts/hunt.js';
import type { Logger } from '../run/runHunt.js';
import type { SchemaCatalog } from '../sources/schemaCatalog.js';
import type { SchemaFileError } from '../sources/schemaFile.js';
import { safeForTerminal } from '../util/escape.js';
import { closest } from './suggest.js';

/** Diagnostics go to stderr, so stdout carries only results (and `--json` stays machine-readable). */
export const stderrLog: Logger = {
  info: (m) => process.stderr.write(`${safeForTerminal(m)}\n`),
  warn: (m) => process.stderr.write(`warning: ${safeForTerminal(m)}\n`),
  error: (m) => process.stderr.write(`error: ${safeForTerminal(m)}\n`),
};

/** A folder as the user would type it: relative to where they are when it is below, else absolute. */
export function display(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') ? rel : dir;
}

/** The hunt's YAML file on disk (hunt.file is as the user named the folder). */
export function huntPath(huntsDir: string, hunt: Hunt): string {
  return join(huntsDir, basename(hunt.file));
}

export function parseNow(text: string): Date {
  const d = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(d.getTime())) {
    throw new InvalidArgumentError(`"${text}" is not an ISO 8601 time; write e.g. 2026-11-20T12:00:00Z`);
  }
  return d;
}

export function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new InvalidArgumentError(`"${text}" is not a port; give a number from 0 (any free one) to 65535`);
  return port;
}

/** A hunt named by id, file name or name; a miss suggests the nearest, never the whole list. */
export function findHunt(hunts: Hunt[], wanted: string, what: string): Hunt {
  const hunt = hunts.find((h) => h.id === wanted || h.slug === wanted || h.name === wanted || basename(h.file) === wanted);
  if (hunt) return hunt;
  const names = hunts.flatMap((h) => [h.id, h.slug, h.name]);
  const near = closest(wanted, names);
  const nearHunt = near === null ? undefined : hunts.find((h) => h.id === near || h.slug === near || h.name === near);
  const suggestion = nearHunt ? `did you mean ${nearHunt.slug === near || nearHunt.id === near ? near : `${nearHunt.slug} (${near})`}? ` : '';
  // A plain Error: commander's own (InvalidArgumentError) would be taken for one it already printed.
  throw new Error(`${what} ${wanted}: no such hunt; ${suggestion}\`hunts list\` shows the ids and file names`);
}

/**
 * The table schemas hunts bind against: shipped, then `<hunts>/schemas/`, then `--schemas DIR`.
 * Loaded on demand, like the engine whose type names it uses.
 */
export async function loadCatalog(huntsDir: string, schemasDir: string | undefined): Promise<{ catalog: SchemaCatalog; errors: SchemaFileError[] }> {
  const { loadSchemaCatalog } = await import('../sources/schemaCatalog.js');
  return loadSchemaCatalog({ huntsDir, schemasDir, display });
}

/** The catalog for commands that read telemetry: a broken schema stops them, the types would silently differ. */
export async function catalogOrFail(huntsDir: string, schemasDir: string | undefined): Promise<SchemaCatalog> {
  const { catalog, errors } = await loadCatalog(huntsDir, schemasDir);
  if (errors.length) {
    const { formatSchemaError } = await import('../sources/schemaFile.js');
    for (const e of errors) stderrLog.error(formatSchemaError(e));
    throw new Error('fix the schema files above, then run again');
  }
  return catalog;
}
