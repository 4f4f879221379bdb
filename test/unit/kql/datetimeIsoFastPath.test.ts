import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDatetime, parseIsoUtc } from '../../../src/kql/values/datetime.js';
import { seededRandom } from '../../../src/util/seededRandom.js';

/**
 * parseIsoUtc reads telemetry's usual form without a regex; wherever it answers, the answer must be
 * the regex branch's (reached here by a leading space, which it trims), and text it does not take
 * must still parse there.
 */


const viaRegex = (text: string) => parseDatetime(` ${text}`);

describe('parseDatetime: the ISO fast path', () => {
  it('gives the regex branch value for every form it takes', () => {
    for (const text of ['2026-11-20T10:00:00Z', '2026-11-20T10:00:00.1234567Z', '2026-11-20T10:00:00.123456789Z', '2026-11-20T10:00:00.1Z', '1999-02-31T25:61:61Z', '0100-01-01T00:00:00Z']) {
      assert.ok(!Number.isNaN(parseIsoUtc(text)), text);
      assert.equal(parseDatetime(text), viaRegex(text), text);
    }
    assert.equal(parseDatetime('2026-11-20T10:00:00.1234567Z') % 10_000_000, 1_234_567);
  });

  it('leaves every other form to the regex branch (and Date.parse after it), which still reads them', () => {
    for (const text of ['2026-11-20T10:00:00', '2026-11-20 10:00:00Z', '2026-11-20T10:00:00z', '2026-11-20T10:00:00+02:00', '0099-01-01T00:00:00Z', '2026-1-20T10:00:00Z']) {
      assert.ok(Number.isNaN(parseIsoUtc(text)), text);
      assert.ok(!Number.isNaN(parseDatetime(text)), text);
    }
    for (const text of ['2026-13-01T00:00:00Z', '2026-11-20T10:00:00.Z', '2026-11-20T10:00:00.1234567890Z', '2026-11-20T10:00:0aZ']) {
      assert.ok(Number.isNaN(parseIsoUtc(text)), text);
    }
  });

  it('agrees with the regex branch on random and corrupted ISO text', () => {
    const random = seededRandom(7);
    const digit = () => String(Math.floor(random() * 10));
    const noise = ['0', '9', 'Z', 'z', 'T', ' ', '.', ':', '-', '+', 'a', '/'];
    let taken = 0;
    for (let n = 0; n < 20_000; n++) {
      const d = (k: number) => Array.from({ length: k }, digit).join('');
      const fraction = random() < 0.3 ? '' : `.${d(Math.floor(random() * 11))}`;
      const two = (hi: number) => String(1 + Math.floor(random() * hi)).padStart(2, '0');
      const month = random() < 0.1 ? d(2) : two(12);
      const day = random() < 0.1 ? d(2) : two(31);
      let text = `${d(4)}-${month}-${day}T${d(2)}:${d(2)}:${d(2)}${fraction}Z`;
      if (random() < 0.5) {
        const at = Math.floor(random() * text.length);
        text = text.slice(0, at) + noise[Math.floor(random() * noise.length)] + text.slice(at + 1);
      }
      const fast = parseIsoUtc(text);
      if (!Number.isNaN(fast)) taken++;
      assert.ok(Number.isNaN(fast) || (fast === viaRegex(text) && fast === parseDatetime(text)), text);
    }
    assert.ok(taken > 1000, `the fast path took only ${taken} texts`);
  });
});
