import { editDistance } from '../util/editDistance.js';

export { editDistance };

/**
 * The candidate closest to what was typed, if it is close enough to be a typo (one letter in five
 * wrong at most) or what was typed is the start of it; null otherwise.
 */
export function closest(typed: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase().startsWith(typed.toLowerCase()) && typed.length >= 3 ? 0.5 : editDistance(typed, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(typed.length / 5)) ? best : null;
}
