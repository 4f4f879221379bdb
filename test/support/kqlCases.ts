import assert from 'node:assert/strict';
import { it } from 'node:test';
import { execute, KqlError } from '../../src/kql/index.js';

/** The fixed clock every case runs with. */
export const CASE_NOW = new Date('2026-01-15T12:00:00Z');

/**
 * One KQL behaviour as data. `expr` cases run `print r = <expr>` and compare r; `query` cases run a
 * whole query and compare every row. Values are compared in the engine's JSON form (datetimes as
 * ISO text with every tick digit, timespans as Kusto's text). `error` expects a KqlError whose
 * message contains the text.
 */
export type KqlCase =
  | { expr: string; expect: unknown; type?: string; error?: never }
  | { query: string; rows: Record<string, unknown>[]; ordered?: boolean; error?: never }
  | { query: string; error: string; expr?: never };

function sortKey(row: Record<string, unknown>): string {
  return JSON.stringify(row);
}

/** Registers one node:test test per case, named by its KQL. */
export function kqlCases(cases: readonly KqlCase[]): void {
  for (const c of cases) {
    const kql = 'expr' in c && c.expr !== undefined ? `print r = ${c.expr}` : (c as { query: string }).query;
    it(kql.replace(/\s+/g, ' ').slice(0, 120), () => {
      if ('error' in c && c.error !== undefined) {
        assert.throws(() => execute(kql, {}, { values: 'json', now: CASE_NOW }), (e: unknown) => {
          assert.ok(e instanceof KqlError, `expected a KqlError, got ${String(e)}`);
          assert.ok(e.message.includes(c.error), `"${e.message}" does not mention "${c.error}"`);
          return true;
        });
        return;
      }
      const out = execute(kql, {}, { values: 'json', now: CASE_NOW });
      if ('expr' in c && c.expr !== undefined) {
        assert.deepEqual(out.rows[0].r, c.expect);
        if (c.type) assert.equal(out.columns[0].type, c.type);
        return;
      }
      const { rows, ordered } = c as { rows: Record<string, unknown>[]; ordered?: boolean };
      if (ordered) assert.deepEqual(out.rows, rows);
      else assert.deepEqual([...out.rows].sort((a, b) => sortKey(a).localeCompare(sortKey(b))), [...rows].sort((a, b) => sortKey(a).localeCompare(sortKey(b))));
    });
  }
}
