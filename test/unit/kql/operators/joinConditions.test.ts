import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

const LEFT = 'datatable(Sid:string, Url:string, n:long)["s1", "u1", 1, "s1", "u2", 2, "s2", "u1", 3, "", "u1", 4]';
const RIGHT = 'datatable(AccountSid:string, Clicked:string, dev:string)["s1", "u1", "d1", "s1", "u9", "d2", "s2", "u1", "d3", "", "u1", "d4"]';

// Several key pairs: comma-separated, joined with `and`, parenthesised, mixed with common column names.
describe('join with several conditions', () => {
  const expected = [
    { Sid: 's1', Url: 'u1', n: 1, AccountSid: 's1', Clicked: 'u1', dev: 'd1' },
    { Sid: 's2', Url: 'u1', n: 3, AccountSid: 's2', Clicked: 'u1', dev: 'd3' },
    // An empty string is a value, not a null: it matches.
    { Sid: '', Url: 'u1', n: 4, AccountSid: '', Clicked: 'u1', dev: 'd4' },
  ];
  kqlCases([
    // The form of the public SuspiciousUrlClicked hunt.
    { query: `${LEFT} | join kind=inner (${RIGHT}) on $left.Sid == $right.AccountSid and $left.Url == $right.Clicked`, rows: expected },
    { query: `${LEFT} | join kind=inner (${RIGHT}) on $left.Sid == $right.AccountSid, $left.Url == $right.Clicked`, rows: expected },
    { query: `${LEFT} | join kind=inner (${RIGHT}) on ($left.Sid == $right.AccountSid and ($left.Url == $right.Clicked))`, rows: expected },
    { query: `${LEFT} | join kind=inner (${RIGHT}) on $left.Sid == $right.AccountSid and $left .Url == $right.Clicked`, rows: expected },
    // Three conditions with `and`, one of them a column both sides share.
    {
      query: `${LEFT} | join kind=inner (${RIGHT} | extend n = iff(dev == "d3", 3, 0)) on $left.Sid == $right.AccountSid and $left.Url == $right.Clicked and n`,
      rows: [{ Sid: 's2', Url: 'u1', n: 3, AccountSid: 's2', Clicked: 'u1', dev: 'd3', n1: 3 }],
    },
    {
      query: `${LEFT} | join kind=inner (${RIGHT} | extend n = iff(dev == "d3", 3, 0)) on n, $left.Sid == $right.AccountSid`,
      rows: [{ Sid: 's2', Url: 'u1', n: 3, AccountSid: 's2', Clicked: 'u1', dev: 'd3', n1: 3 }],
    },
    // Every kind uses all the conditions.
    {
      query: `${LEFT} | join kind=leftanti (${RIGHT}) on $left.Sid == $right.AccountSid and $left.Url == $right.Clicked`,
      rows: [{ Sid: 's1', Url: 'u2', n: 2 }],
    },
    {
      query: `${LEFT} | join kind=leftouter (${RIGHT}) on $left.Sid == $right.AccountSid and $left.Url == $right.Clicked | project n, dev`,
      rows: [{ n: 1, dev: 'd1' }, { n: 2, dev: '' }, { n: 3, dev: 'd3' }, { n: 4, dev: 'd4' }],
    },
    {
      query: `${LEFT} | join kind=rightanti (${RIGHT}) on $left.Sid == $right.AccountSid and $left.Url == $right.Clicked`,
      rows: [{ AccountSid: 's1', Clicked: 'u9', dev: 'd2' }],
    },
    // Null key parts never match, whichever condition holds them.
    {
      query: `datatable(a:string, b:long)["x", 1, "x", long(null)] | join kind=inner (datatable(c:string, d:long)["x", 1, "x", long(null)]) on $left.a == $right.c and $left.b == $right.d`,
      rows: [{ a: 'x', b: 1, c: 'x', d: 1 }],
    },
    // The binder refuses anything but equalities of columns.
    { query: `${LEFT} | join (${RIGHT}) on $left.Sid == $right.AccountSid and $left.n > 1`, error: 'KS182' },
  ]);
});
