import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root, found from this file whether it runs from src/ (tsx) or dist/ (compiled). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'scheduled-hunts') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('scheduled-hunts: cannot find the package root (no package.json named scheduled-hunts above this file)');
    dir = parent;
  }
}
