import { toDynamic } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** bag_pack_columns(column1, column2, ...): a bag of each column's name → its value. */
export const bagPackColumns: ScalarFunction = {
  names: ['bag_pack_columns'],
  compile: (args, call) => {
    const names = call.argNodes.map((node) => {
      const symbol = node.ReferencedSymbol;
      if (!call.cx.is(node, 'NameReference') || !symbol || symbol.Kind !== call.cx.lib.symbolKinds.Column)
        throw call.cx.unsupported(node, 'bag_pack_columns() of something other than a column');
      return symbol.Name;
    });
    const types = args.map((a) => a.type);
    return mapN('dynamic', args, (values) => {
      const bag: Record<string, unknown> = {};
      values.forEach((v, k) => (bag[names[k]] = toDynamic(v, types[k])));
      return bag;
    });
  },
};
