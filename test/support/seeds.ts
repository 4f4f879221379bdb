import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared beside the project, as CI lays it out. */
export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The KQL of a seed hunt exactly as the seed file's `query: |` block holds it. */
export function seedQuery(file: string): string {
  const lines = readFileSync(`${SHARED}seeds/${file}`, 'utf8').split('\n');
  const start = lines.indexOf('query: |') + 1;
  const end = lines.findIndex((l, i) => i > start && l.startsWith('| Sentinel Table'));
  return lines.slice(start, end).join('\n');
}
