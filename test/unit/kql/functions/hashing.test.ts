import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

describe('hash functions', () => {
  kqlCases([
    { query: 'print h1=hash_md5("World"), h2=hash_md5(datetime(2020-01-01))', rows: [{ h1: 'f5a7924e621e84c9280a9a27e1bcb7f6', h2: '786c530672d1f8db31fee25ea8a9390b' }] },
    { query: 'print h1=hash_sha1("World"), h2=hash_sha1(datetime(2020-01-01))', rows: [{ h1: '70c07ec18ef89c5309bbb0937f3a6342411e1fdd', h2: 'e903e533f4d636b4fc0dcf3cf81e7b7f330de776' }] },
    {
      query: 'print h1=hash_sha256("World"), h2=hash_sha256(datetime(2020-01-01))',
      rows: [{ h1: '78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524', h2: 'ba666752dc1a20eb750b0eb64e780cc4c968bc9fb8813461c1d7e750f302d71d' }],
    },
    { query: 'datatable(State:string)["TEXAS", "KANSAS"] | extend StateHash = hash_md5(State)', rows: [{ State: 'TEXAS', StateHash: '3b00dbe6e07e7485a1c12d36c8e9910a' }, { State: 'KANSAS', StateHash: 'e1338d0ac8be43846cf9ae967bd02e7f' }] },
    { expr: 'hash_sha256("IOWA")', expect: 'f85893dca466f779410f65cd904fdc4622de49e119ad4e7c7e4a291ceed1820b', type: 'string' },
    { expr: 'hash_md5("")', expect: 'd41d8cd98f00b204e9800998ecf8427e' },
    { expr: 'hash_md5(123)', expect: '202cb962ac59075b964b07152d234b70' },
    { expr: 'hash_md5(long(null))', expect: '' },
    { expr: 'hash_sha1(tostring(parse_json("{\\"a\\":\\"World\\"}").a))', expect: '70c07ec18ef89c5309bbb0937f3a6342411e1fdd' },
    { query: 'print hash_md5(true)', error: 'hash_md5() of a bool' },
    { expr: 'hash("World", 100)', expect: 51, type: 'long' },
    { expr: 'hash_xxhash64("World", 100)', expect: 51 },
    // hash("World") is 1846988464401551951 and hash(datetime("2015-01-01")) 1380966698541616202 in the reference:
    // their last 15 digits are what a modulo of 10^15 leaves.
    { expr: 'hash("World", 1000000000000000)', expect: 988464401551951 },
    { expr: 'hash("Hello", 1000000000000000)', expect: 694413698530628 },
    { expr: 'hash(datetime("2015-01-01"), 1000000000000000)', expect: 966698541616202 },
    { expr: 'hash("", 2)', expect: 1 },
    { expr: 'hash("World", 0)', expect: null },
    { query: 'datatable(s:string)["a", "b", "a"] | extend h = hash(s, 1000) | summarize dcount(h)', rows: [{ dcount_h: 2 }] },
    { query: 'print hash("World")', error: 'hash() without a modulo' },
    { query: 'print hash_xxhash64("World")', error: 'hash_xxhash64() without a modulo' },
    { query: 'print hash(1, 10)', error: 'hash() of a long' },
  ]);
});
