import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

describe('string functions', () => {
  kqlCases([
    { expr: 'strlen("héllo")', expect: 5, type: 'long' },
    { expr: 'toupper("abc")', expect: 'ABC' },
    { expr: 'strcat("a", 1, "b")', expect: 'a1b' },
    { expr: 'tostring(parse_url("https://x.test:8080/p?q=1").Host)', expect: 'x.test' },
    { query: 'datatable(s:string)["a", "bb"] | extend n = strlen(s)', rows: [{ s: 'a', n: 1 }, { s: 'bb', n: 2 }] },
    { query: 'print r = no_such_function(1)', error: 'no_such_function' },
  ]);
});
