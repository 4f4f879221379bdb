import type { CompiledTabular, Tabular } from '../types.js';

/**
 * render: how a client should chart the result (a time chart, a pie...). The reference makes it
 * the query's last operator and it leaves the rows as they are, so here it passes them through.
 */
export function render(input: CompiledTabular): Tabular {
  return input.run;
}
