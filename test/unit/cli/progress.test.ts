import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { progressOn } from '../../../src/cli/progress.js';

function stream(isTTY: boolean, columns = 40): { out: NodeJS.WriteStream; text: () => string } {
  const pass = new PassThrough();
  const chunks: string[] = [];
  pass.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { out: Object.assign(pass, { isTTY, columns }) as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

describe('progress', () => {
  it('rewrites one line on a terminal, cut to its width and escaped, and clears it when done', async () => {
    const s = stream(true, 30);
    const p = progressOn(s.out);
    p.update('running 1/2: a hunt with a long name that will not fit');
    p.update('running 2/2: \u001b[31mred');
    p.done();
    await new Promise((r) => setImmediate(r));
    assert.equal(s.text(), '\r\u001b[2Krunning 1/2: a hunt with a l…\r\u001b[2Krunning 2/2: \\x1b[31mred\r\u001b[2K');
  });

  it('writes nothing when the stream is not a terminal', async () => {
    const s = stream(false);
    const p = progressOn(s.out);
    p.update('running 1/2');
    p.done();
    await new Promise((r) => setImmediate(r));
    assert.equal(s.text(), '');
  });
});
