import type { AggregateCall, AggregateFunction } from '../types.js';

/** The call as `base` sees it: argument `index` (the predicate) taken out. */
function withoutArgument(call: AggregateCall, index: number): AggregateCall {
  const keep = call.argNodes.map((_, i) => i).filter((i) => i !== index);
  return {
    ...call,
    argNodes: keep.map((i) => call.argNodes[i]),
    arg: (i) => call.arg(keep[i]),
    constantArg: (i) => call.constantArg(keep[i]),
  };
}

/**
 * The `...if` form of an aggregate (sumif, make_set_if, dcountif, ...): `base` over only the rows
 * whose predicate (argument `predicateIndex`, the second in every KQL *if function) is true; a null
 * predicate counts as false. A group whose rows all fail keeps `base`'s value for no rows.
 */
export function conditional(names: readonly string[], base: AggregateFunction, predicateIndex = 1): AggregateFunction {
  return {
    names,
    compile: (call) => {
      const predicate = call.arg(predicateIndex);
      const inner = base.compile(withoutArgument(call, predicateIndex));
      return {
        bind: (frame) => {
          const test = predicate.bind(frame);
          const accumulator = inner.bind(frame);
          return {
            addGroup: () => accumulator.addGroup(),
            add: (g, i) => {
              if (test(i) === true) accumulator.add(g, i);
            },
            finish: (groups) => accumulator.finish(groups),
          };
        },
      };
    },
  };
}
