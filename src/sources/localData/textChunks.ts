import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * 64 KiB: measured on Node 20, decoding and splitting larger chunks is several times slower (their
 * strings leave the young generation), smaller ones only add calls.
 */
const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a UTF-8 file as text, chunk by chunk, never holding it whole (Node's strings stop at 512 MiB).
 * A leading byte-order mark is dropped. `onText` sees every chunk in order, the last with `final` set;
 * `onBytes` the bytes read so far, for progress. Synchronous on purpose: a load is CPU-bound and the
 * caller waits for it.
 */
export function readTextChunks(path: string, onText: (text: string, final: boolean) => void, onBytes?: (read: number, total: number) => void): void {
  const fd = openSync(path, 'r');
  try {
    const total = fstatSync(fd).size;
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const decoder = new StringDecoder('utf8');
    let read = 0;
    let first = true;
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      read += n;
      let text = decoder.write(n === CHUNK_BYTES ? buffer : buffer.subarray(0, n));
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      onText(text, false);
      onBytes?.(read, total);
    }
    onText(decoder.end(), true);
  } finally {
    closeSync(fd);
  }
}
