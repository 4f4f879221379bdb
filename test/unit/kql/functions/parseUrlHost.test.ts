import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUrlValue, urlHost } from '../../../../src/kql/functions/scalar/parseUrl.js';
import { run, table } from '../fixtures.js';
import { seededRandom } from '../../../../src/util/seededRandom.js';

/** parse_url(u).Host is computed alone (no bag per row): it must be the bag's Host for any text. */

const TRICKY = [
  'https://cdn.evil.test/invoice.exe',
  'http://user:pw@host.test:8080/p?q=1#f',
  'http://user@host.test',
  'http://us:er:pw@host.test/',
  'http://a@b@c.test/',
  'http://[::1]:443/x',
  'http://[::1/x',
  'http://host.test:abc/x',
  'http://host.test?x=@y',
  'http://host.test#@frag',
  '  https://padded.test/  ',
  'HTTPS://UPPER.TEST/',
  'ftp://',
  'about:internet',
  'no url at all',
  '',
  '//host.test/x',
  '1http://host.test/',
  'http://host.test\n/x',
  'a+b-c.d://host.test/',
  'http://host.test\u00a0',
  'https://host.test',
  'https://host.test?q',
  'https://',
  'http:///path',
];


describe('parse_url(u).Host', () => {
  it('is the bag Host for tricky URLs and for random text made of URL delimiters', () => {
    const random = seededRandom(42);
    const alphabet = [':', '@', '/', '?', '#', '[', ']', 'a', 'B', '1', '.', ' ', '\n', '%', '\u00a0', 'é', '\t'];
    const fuzz = Array.from({ length: 20000 }, () => {
      let s = random() < 0.8 ? ['http://', 'https://', 'h://', 'x+y://', ' http://', 'HTTP://'][Math.floor(random() * 6)] : '';
      const n = Math.floor(random() * 12);
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
      return s;
    });
    for (const url of [...TRICKY, ...fuzz]) assert.equal(urlHost(url), parseUrlValue(url).Host, JSON.stringify(url));
  });

  it('per row, as .Host and ["Host"], equals the Host of the bag kept in a column', () => {
    const t = table('T', 'u:string', TRICKY.map((u) => ({ u })));
    const r = run('T | extend bag = parse_url(u) | project a = tostring(parse_url(u).Host), b = tostring(parse_url(u)["Host"]), c = tostring(bag.Host)', t);
    assert.equal(r.rows.length, TRICKY.length);
    for (const row of r.rows) {
      assert.equal(row.a, row.c);
      assert.equal(row.b, row.c);
    }
    assert.equal(r.rows[1].a, 'host.test');
  });
});
