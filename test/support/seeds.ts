import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The KQL of a seed hunt exactly as its author wrote it (public Azure-Sentinel hunting queries),
 * kept in the repo so the hunts in hunts/ can be checked byte for byte on a plain clone.
 */
export function seedQuery(name: string): string {
  return readFileSync(`${ROOT}test/fixtures/seeds/${name}.kql`, 'utf8');
}
