import type { Frame, RowFn } from '../../compile/types.js';
import { nullOf } from '../../values/convert.js';
import type { AggregateCall } from '../types.js';

/**
 * The columns arg_max/arg_min/take_any return from one chosen row per group. Arguments from
 * `firstArg` on are expressions or `*`; `*` covers the outputs the binder expanded it to, whose
 * names in the aggregate's own result type are the input column names (the summarize output may
 * have renamed them, e.g. Host → Host1, when they collide with a group key).
 */
export function rowOutputs(call: AggregateCall, firstArg: number, firstOutput: number) {
  const { cx, node } = call;
  const outputs = call.outputs.slice(firstOutput);
  const sources = call.sourceNames.slice(firstOutput);
  const argNodes = call.argNodes.slice(firstArg);
  const stars = argNodes.filter((a) => cx.is(a, 'StarExpression')).length;
  if (stars > 1) throw cx.unsupported(node, `more than one '*' in ${call.name}()`);
  const starWidth = outputs.length - (argNodes.length - stars);
  type Source = { kind: 'column'; index: number } | { kind: 'expr'; arg: number };
  const plan: Source[] = [];
  argNodes.forEach((argNode, k) => {
    if (!cx.is(argNode, 'StarExpression')) {
      plan.push({ kind: 'expr', arg: firstArg + k });
      return;
    }
    for (let s = 0; s < starWidth; s++) {
      const name = sources[plan.length];
      const index = call.input.findIndex((c) => c.name === name);
      if (index < 0) throw cx.internal(argNode, `cannot map '${name}' of ${call.name}(*) to an input column`);
      plan.push({ kind: 'column', index });
    }
  });
  if (plan.length !== outputs.length) throw cx.internal(node, `${call.name}() output count mismatch`);
  const exprs = plan.map((p) => (p.kind === 'expr' ? call.arg(p.arg) : null));

  return {
    bind(frame: Frame): (rows: readonly number[]) => unknown[][] {
      const readers: RowFn[] = plan.map((p, k) => {
        if (p.kind === 'expr') return exprs[k]!.bind(frame);
        const col = frame.column(p.index);
        return (i) => col[i];
      });
      return (rows) =>
        readers.map((read, k) => {
          const missing = nullOf(outputs[k].type);
          return rows.map((r) => (r < 0 ? missing : read(r)));
        });
    },
  };
}
