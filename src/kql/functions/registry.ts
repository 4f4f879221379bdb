import type { KGlobals, KSymbol } from '../kusto.js';
import { AGGREGATE_FUNCTIONS } from './catalog/aggregates.js';
import { CONVERSION_FUNCTIONS } from './catalog/conversion.js';
import { DATETIME_FUNCTIONS } from './catalog/datetime.js';
import { DYNAMIC_FUNCTIONS } from './catalog/dynamic.js';
import { HASH_FUNCTIONS } from './catalog/hashing.js';
import { LOGIC_FUNCTIONS } from './catalog/logic.js';
import { MATH_FUNCTIONS } from './catalog/math.js';
import { METADATA_FUNCTIONS } from './catalog/metadata.js';
import { NETWORK_FUNCTIONS } from './catalog/network.js';
import { STRING_FUNCTIONS } from './catalog/strings.js';
import { WINDOW_FUNCTIONS } from './catalog/window.js';
import type { AggregateFunction, ScalarFunction } from './types.js';

/** Every scalar function the engine implements, one catalog per category of the KQL reference. */
export const SCALARS: readonly ScalarFunction[] = [
  ...STRING_FUNCTIONS,
  ...DATETIME_FUNCTIONS,
  ...CONVERSION_FUNCTIONS,
  ...DYNAMIC_FUNCTIONS,
  ...LOGIC_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...NETWORK_FUNCTIONS,
  ...HASH_FUNCTIONS,
  ...WINDOW_FUNCTIONS,
  ...METADATA_FUNCTIONS,
];

export const AGGREGATES: readonly AggregateFunction[] = AGGREGATE_FUNCTIONS;

/**
 * Implementations keyed by the binder's function symbols. Names are resolved through the catalog
 * (GetFunction for scalars, GetAggregate for aggregates: GetFunction('any') is an unrelated scalar),
 * and a call is matched by symbol identity, so a same-named user function never hits ours.
 * A name the binder does not know is a bug in a catalog (test/unit/kql/registry.test.ts).
 */
export class FunctionRegistry {
  private readonly scalars = new Map<KSymbol, ScalarFunction>();
  private readonly aggregates = new Map<KSymbol, AggregateFunction>();
  /** Catalog names the binder did not resolve. */
  readonly unresolved: string[] = [];

  constructor(globals: KGlobals) {
    for (const f of SCALARS)
      for (const name of f.names) {
        const symbol = globals.GetFunction(name);
        if (symbol) this.scalars.set(symbol, f);
        else this.unresolved.push(name);
      }
    for (const f of AGGREGATES)
      for (const name of f.names) {
        const symbol = globals.GetAggregate(name);
        if (symbol) this.aggregates.set(symbol, f);
        else this.unresolved.push(name);
      }
  }

  scalar(symbol: KSymbol): ScalarFunction | undefined {
    return this.scalars.get(symbol);
  }

  aggregate(symbol: KSymbol): AggregateFunction | undefined {
    return this.aggregates.get(symbol);
  }
}
