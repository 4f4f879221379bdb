/**
 * Reads one YAML file of the hunts folder so that whatever is wrong with it (too big, not UTF-8, not
 * YAML, a key twice, an alias bomb) is an error of that file alone, naming it and the fix: one bad
 * file must never stop the others from loading.
 */
import { readFileSync, statSync } from 'node:fs';
import type { HuntLoadError } from './load.js';
import { YamlPositions } from './yamlPositions.js';

export interface YamlFile {
  value: unknown;
  positions: YamlPositions;
}

export type ReadYaml = { ok: true; value: YamlFile } | { ok: false; errors: HuntLoadError[] };

/** A hunt is a few KB; Sentinel's largest hunting queries are under 100 KB. */
export const MAX_HUNT_FILE_BYTES = 1024 * 1024;
/** Exclusion lists (thousands of hashes) and test cases (rows of telemetry) may be larger. */
export const MAX_DATA_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Far more than any hunt needs (they use none), far fewer than an alias bomb expands to. The yaml
 * package counts an alias by the size of what it copies, so a bomb stops early either way.
 */
const MAX_ALIAS_COUNT = 100;

const kib = (bytes: number) => `${Math.ceil(bytes / 1024).toLocaleString('en-US')} KiB`;

function utf8Problem(bytes: Buffer): { message: string; line?: number } | null {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { message: 'is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8', line: 1 };
  }
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    strict.decode(bytes);
    return null;
  } catch {
    // A line feed byte never occurs inside a UTF-8 sequence, so each line can be checked on its own.
    let start = 0;
    for (let line = 1; start <= bytes.length; line++) {
      const end = bytes.indexOf(0x0a, start);
      const slice = bytes.subarray(start, end < 0 ? bytes.length : end);
      try {
        strict.decode(slice);
      } catch {
        return { message: `is not UTF-8 (line ${line} has bytes that are not UTF-8 text); save it as UTF-8`, line };
      }
      if (end < 0) break;
      start = end + 1;
    }
    return { message: 'is not UTF-8; save it as UTF-8' };
  }
}

/** The key a DUPLICATE_KEY error points at, read from the file's text at that place. */
function duplicateKeyMessage(text: string, line: number, column: number): string {
  const source = text.split(/\r?\n/)[line - 1] ?? '';
  const key = /^\s*(?:-\s+)?(["']?)([^:"']+)\1\s*:/.exec(source.slice(Math.max(0, column - 1)))?.[2]?.trim();
  const name = key ? `key '${key}'` : 'a key';
  return `${name} appears twice in one mapping (the second time at line ${line}); a mapping holds each key once: delete or rename one`;
}

export function readYaml(path: string, file: string, maxBytes: number = MAX_HUNT_FILE_BYTES): ReadYaml {
  const fail = (message: string, line?: number, column?: number): ReadYaml => ({
    ok: false,
    errors: [{ file, key: null, message, ...(line ? { line, column: column ?? 1 } : {}) }],
  });
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > maxBytes) {
      return fail(`is ${kib(size)}, more than the ${kib(maxBytes)} a file of this kind in the hunts folder may be; move data out of the hunts folder, or split the file`);
    }
    bytes = readFileSync(path);
  } catch (err) {
    return fail(`cannot read: ${(err as Error).message}`);
  }
  const encoding = utf8Problem(bytes);
  if (encoding) return fail(encoding.message, encoding.line);
  const text = bytes.toString('utf8');

  const positions = new YamlPositions(text);
  const doc = positions.doc;
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const line = e.linePos?.[0].line;
        const column = e.linePos?.[0].col;
        const message =
          e.code === 'DUPLICATE_KEY' && line && column ? duplicateKeyMessage(text, line, column) : `not valid YAML: ${e.message.split('\n')[0]}`;
        return { file, key: null, message, line, column };
      }),
    };
  }
  try {
    return { ok: true, value: { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), positions } };
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      return fail(
        'its aliases (*name) expand to too much data: a YAML alias bomb, or a file that copies one node far too often; write the values out (hunt files need no anchors or aliases)',
      );
    }
    return fail(`cannot be read as data: ${(err as Error).message}`);
  }
}
