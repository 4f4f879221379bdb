import type { KGlobals, KSymbol } from '../kusto.js';
import { avg } from './aggregates/avg.js';
import { argMax, argMin } from './aggregates/argMax.js';
import { count } from './aggregates/count.js';
import { countif } from './aggregates/countif.js';
import { dcount } from './aggregates/dcount.js';
import { makeList } from './aggregates/makeList.js';
import { makeSet } from './aggregates/makeSet.js';
import { max, min } from './aggregates/minMax.js';
import { sum } from './aggregates/sum.js';
import { takeAny } from './aggregates/takeAny.js';
import { ago } from './scalar/ago.js';
import { iif } from './scalar/iif.js';
import { isempty, isnotempty } from './scalar/isempty.js';
import { isnotnull, isnull } from './scalar/isnull.js';
import { not } from './scalar/not.js';
import { now } from './scalar/now.js';
import { parseJson } from './scalar/parseJson.js';
import { parseUrl } from './scalar/parseUrl.js';
import { strcat } from './scalar/strcat.js';
import { strlen } from './scalar/strlen.js';
import { todatetime } from './scalar/todatetime.js';
import { tolong } from './scalar/tolong.js';
import { tolower } from './scalar/tolower.js';
import { toreal } from './scalar/toreal.js';
import { tostring } from './scalar/tostring.js';
import { toupper } from './scalar/toupper.js';
import type { AggregateFunction, ScalarFunction } from './types.js';

const SCALARS: ScalarFunction[] = [
  ago, iif, isempty, isnotempty, isnull, isnotnull, not, now, parseJson, parseUrl, strcat, strlen,
  todatetime, tolong, tolower, toreal, tostring, toupper,
];

const AGGREGATES: AggregateFunction[] = [
  argMax, argMin, avg, count, countif, dcount, makeList, makeSet, max, min, sum, takeAny,
];

/**
 * Implementations keyed by the binder's function symbols. Names are resolved through the catalog
 * (GetFunction for scalars, GetAggregate for aggregates: GetFunction('any') is an unrelated scalar),
 * and a call is matched by symbol identity, so a same-named user function never hits ours.
 */
export class FunctionRegistry {
  private readonly scalars = new Map<KSymbol, ScalarFunction>();
  private readonly aggregates = new Map<KSymbol, AggregateFunction>();

  constructor(globals: KGlobals) {
    for (const f of SCALARS)
      for (const name of f.names) {
        const symbol = globals.GetFunction(name);
        if (symbol) this.scalars.set(symbol, f);
      }
    for (const f of AGGREGATES)
      for (const name of f.names) {
        const symbol = globals.GetAggregate(name);
        if (symbol) this.aggregates.set(symbol, f);
      }
  }

  scalar(symbol: KSymbol): ScalarFunction | undefined {
    return this.scalars.get(symbol);
  }

  aggregate(symbol: KSymbol): AggregateFunction | undefined {
    return this.aggregates.get(symbol);
  }
}
