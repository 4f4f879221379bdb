import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyMap } from '../../../src/kql/compile/keyMap.js';
import type { Piece } from '../../../src/kql/compile/types.js';
import { urlHost, urlHostPiece } from '../../../src/kql/functions/scalar/parseUrl.js';
import { run, table } from './fixtures.js';

/**
 * A join probing with a computed key that is a piece of a string (parse_url(u).Host) tests the piece
 * against the build side's filter before building the key: every answer must be the one the built
 * key gives.
 */
describe('keys that are pieces of strings', () => {
  const piece = (): Piece => ({ text: '', from: 0, to: 0 });

  it('parse_url(u).Host lies where urlHost finds it, for plain and unusual URLs', () => {
    const urls = [
      'https://files1.host2.test/f/a.exe',
      'http://h.test',
      'http://h.test?q=1',
      'https://h.test#frag',
      'https://user:pw@h.test:8443/x',
      'https://h.test:8443/x',
      'http://[::1]:80/x',
      'HTTPS://UPPER.test/x',
      'ftp://files.test/pub',
      '  https://padded.test/x  ',
      'https://ü.test/x',
      'https://host with space/x',
      'not a url',
      '',
      'https://',
      `https://${'long-label.'.repeat(12)}test/x`,
    ];
    for (const url of urls) {
      const at = piece();
      urlHostPiece(url, at);
      assert.equal(at.text.slice(at.from, at.to), urlHost(url), url);
    }
  });

  it('the filter never turns away a piece whose text is a key, long or short, and turns away most others', () => {
    const hosts = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? `${'sub.'.repeat(20)}host${i}.test` : `files${i}.host.test`));
    const map = new KeyMap([(i) => hosts[i]]);
    const at = piece();
    // Below the size at which the filter is used, every piece may be held.
    for (let i = 0; i < 1000; i++) map.add(i);
    urlHostPiece('https://absent.test/x', at);
    assert.equal(map.mayHoldPiece(at), true);
    for (let i = 1000; i < hosts.length; i++) map.add(i);
    for (const host of hosts) {
      urlHostPiece(`https://${host}/f/file.exe?x=${host}`, at);
      assert.equal(map.mayHoldPiece(at), true, host);
    }
    let rejected = 0;
    for (let i = 0; i < 5000; i++) {
      urlHostPiece(`https://other${i}.host.test/f`, at);
      if (!map.mayHoldPiece(at)) rejected++;
    }
    assert.ok(rejected > 4000, `only ${rejected} of 5000 absent hosts turned away`);
  });

  it('a join on parse_url(u).Host gives what the same join on the built host gives, for every kind', () => {
    // Probe side larger than the build side (so the probe is the computed key), build side past
    // the filter's size; hosts present and absent, long and short, plain URLs and ones with ports.
    const host = (i: number) => (i % 5 === 0 ? `${'cdn.'.repeat(18)}site${i}.test` : `site${i}.test`);
    const events = table(
      'E',
      'u:string, n:long',
      Array.from({ length: 6000 }, (_, n) => {
        const i = (n * 7919) % 4000;
        return { u: n % 11 === 0 ? `https://${host(i)}:8443/p/${n}` : `https://${host(i)}/p/${n}`, n };
      }),
    );
    const sites = table(
      'S',
      'Host:string, tag:long',
      Array.from({ length: 3000 }, (_, k) => ({ Host: host(k + 1500), tag: k })),
    );
    for (const kind of ['inner', 'innerunique', 'leftouter', 'rightouter', 'fullouter']) {
      const viaPiece = run(`E | project Host = tostring(parse_url(u).Host), n | join kind=${kind} (S) on Host`, events, sites);
      const built = run(`E | project Host = strcat(tostring(parse_url(u).Host), ''), n | join kind=${kind} (S) on Host`, events, sites);
      assert.ok(viaPiece.rows.length > 1000, kind);
      assert.deepEqual(viaPiece.rows, built.rows, kind);
    }
  });
});
