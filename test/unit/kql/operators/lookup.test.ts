import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execute } from '../../../../src/kql/index.js';
import { kqlCases } from '../../../support/kqlCases.js';

const FACTS = `let FactTable=datatable(Row:string,Personal:string,Family:string) [
  "1", "Bill",   "Gates",
  "2", "Bill",   "Clinton",
  "3", "Bill",   "Clinton",
  "4", "Steve",  "Ballmer",
  "5", "Tim",    "Cook"
];
let DimTable=datatable(Personal:string,Family:string,Alias:string) [
  "Bill",  "Gates",   "billg",
  "Bill",  "Clinton", "billc",
  "Steve", "Ballmer", "steveb",
  "Tim",   "Cook",    "timc"
];
`;

const L = 'let L = datatable(k:long, v:string)[1, "a", 2, "b", 3, "c", long(null), "n"];';
const R = 'let R = datatable(key:long, w:string, v:string)[1, "one", "x", 1, "uno", "y", 3, "three", "z", long(null), "null", "q"];';

describe('lookup', () => {
  kqlCases([
    // The KQL reference's example.
    {
      query: `${FACTS}FactTable | lookup kind=leftouter DimTable on Personal, Family`,
      ordered: true,
      rows: [
        { Row: '1', Personal: 'Bill', Family: 'Gates', Alias: 'billg' },
        { Row: '2', Personal: 'Bill', Family: 'Clinton', Alias: 'billc' },
        { Row: '3', Personal: 'Bill', Family: 'Clinton', Alias: 'billc' },
        { Row: '4', Personal: 'Steve', Family: 'Ballmer', Alias: 'steveb' },
        { Row: '5', Personal: 'Tim', Family: 'Cook', Alias: 'timc' },
      ],
    },
    // leftouter (the default): every left row, each match in right order, nulls when none; null keys match nothing.
    {
      query: `${L}${R} L | lookup (R) on $left.k == $right.key`,
      ordered: true,
      rows: [
        { k: 1, v: 'a', w: 'one', v1: 'x' },
        { k: 1, v: 'a', w: 'uno', v1: 'y' },
        { k: 2, v: 'b', w: '', v1: '' },
        { k: 3, v: 'c', w: 'three', v1: 'z' },
        { k: null, v: 'n', w: '', v1: '' },
      ],
    },
    {
      query: `${L}${R} L | lookup kind=inner (R | project key, w) on $left.k == $right.key`,
      ordered: true,
      rows: [
        { k: 1, v: 'a', w: 'one' },
        { k: 1, v: 'a', w: 'uno' },
        { k: 3, v: 'c', w: 'three' },
      ],
    },
    { query: `${L} L | lookup (datatable(k:long, d:dynamic)[2, dynamic({"x":1})]) on k | where isnotnull(d)`, rows: [{ k: 2, v: 'b', d: { x: 1 } }] },
    { query: `${L} L | lookup kind=inner (datatable(k:long, d:dynamic)[]) on k`, rows: [] },
    { query: `${L} L | lookup kind=fullouter (L) on k`, error: 'Expected one of: inner, leftouter' },
  ]);

  it('keeps the left columns, then the right ones but its keys, renamed on clashes', () => {
    const r = execute(`${L}${R} L | lookup (R) on $left.k == $right.key`, {}, { values: 'json' });
    assert.deepEqual(r.columns, [
      { name: 'k', type: 'long' },
      { name: 'v', type: 'string' },
      { name: 'w', type: 'string' },
      { name: 'v1', type: 'string' },
    ]);
  });
});
