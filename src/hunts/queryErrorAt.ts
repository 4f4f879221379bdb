import { readFileSync } from 'node:fs';
import { YamlPositions } from './yamlPositions.js';

/** A query error's positions are in the query text ("line 3, col 12"). */
interface Positioned {
  readonly diagnostics: readonly { readonly line: number; readonly column: number }[];
}

const QUERY_POSITION = / \(line \d+, col \d+\)(?=( \(\+\d+ more\))?$)/;

/**
 * A failed run's message with the query's position moved into the hunt file, where `hunts validate`
 * puts it ("hunts/x.yaml:6:14: KQL: ..."): the query's own line 3 is not the file's line 3. The
 * message as it was when the error has no position or the file cannot be read again.
 */
export function placeInHuntFile(file: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = positioned(error)?.diagnostics[0];
  if (!first) return message;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return message;
  }
  const at = new YamlPositions(text).inString(['query'], first.line, first.column);
  return `${file}:${at.line}:${at.column}: ${message.replace(QUERY_POSITION, '')}`;
}

/** The error, or the error it wraps (a source's QueryFailedError wraps the engine's), that carries positions. */
function positioned(error: unknown): Positioned | undefined {
  let e = error;
  for (let depth = 0; depth < 3 && e !== null && typeof e === 'object'; depth++) {
    const d = (e as Partial<Positioned>).diagnostics;
    if (Array.isArray(d) && typeof d[0]?.line === 'number' && typeof d[0]?.column === 'number') return e as Positioned;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
