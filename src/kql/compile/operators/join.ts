import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { gather, Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { hasNullPart, KeyMap } from '../keyMap.js';
import type { CompiledTabular, RowFn, Tabular } from '../types.js';
import type { Env } from '../types.js';

type JoinKind =
  | 'innerunique'
  | 'inner'
  | 'leftouter'
  | 'rightouter'
  | 'fullouter'
  | 'leftanti'
  | 'rightanti'
  | 'leftsemi'
  | 'rightsemi';

const KIND_ALIASES: Record<string, JoinKind> = {
  innerunique: 'innerunique',
  inner: 'inner',
  leftouter: 'leftouter',
  rightouter: 'rightouter',
  fullouter: 'fullouter',
  outer: 'fullouter',
  leftanti: 'leftanti',
  anti: 'leftanti',
  leftantisemi: 'leftanti',
  rightanti: 'rightanti',
  rightantisemi: 'rightanti',
  leftsemi: 'leftsemi',
  rightsemi: 'rightsemi',
};

function joinKind(cx: Compiler, op: KNode): JoinKind {
  for (const p of cx.elements(op.Parameters)) {
    const name = p.Name?.SimpleName ?? '';
    if (name !== 'kind') continue; // hint.* parameters do not change results
    const value = cx.textOf(cx.required(p.Expression, p, 'kind')).trim().toLowerCase();
    const kind = KIND_ALIASES[value];
    if (!kind) throw cx.unsupported(p, `join kind=${value}`);
    return kind;
  }
  return 'innerunique';
}

/**
 * The equalities of one `on` item: `$left.a == $right.b and $left.c == $right.d` (the binder's
 * other accepted form of several conditions) and parenthesised conditions are the same keys as
 * the comma-separated list.
 */
function conjuncts(cx: Compiler, cond: KNode): KNode[] {
  if (cx.is(cond, 'AndExpression'))
    return [cx.required(cond.Left, cond, 'left'), cx.required(cond.Right, cond, 'right')].flatMap((c) => conjuncts(cx, c));
  if (cx.is(cond, 'ParenthesizedExpression')) return conjuncts(cx, cx.required(cond.Expression, cond, 'condition'));
  return [cond];
}

/**
 * Pairs of key columns (left index, right index) from `on A, $left.B == $right.C and $left.D == $right.E`
 * (join's clause, or lookup's).
 */
export function keyColumns(
  cx: Compiler,
  op: KNode,
  left: CompiledTabular,
  right: CompiledTabular,
  onClause: KNode | null | undefined = op.ConditionClause,
): [number[], number[]] {
  const clause = cx.required(onClause, op, 'on clause');
  if (!cx.is(clause, 'JoinOnClause')) throw cx.unsupported(clause, 'join ... where');
  const leftKeys: number[] = [];
  const rightKeys: number[] = [];
  const index = (side: CompiledTabular, name: string, at: KNode) => {
    const i = side.columns.findIndex((c) => c.name === name);
    if (i < 0) throw cx.internal(at, `join key '${name}' not found`);
    return i;
  };
  for (const cond of cx.elements(clause.Expressions).flatMap((c) => conjuncts(cx, c))) {
    if (cx.is(cond, 'NameReference')) {
      const name = cond.ReferencedSymbol?.Name ?? cx.textOf(cond);
      leftKeys.push(index(left, name, cond));
      rightKeys.push(index(right, name, cond));
      continue;
    }
    if (cx.is(cond, 'EqualExpression')) {
      const sides = [cx.required(cond.Left, cond, 'left'), cx.required(cond.Right, cond, 'right')].map((p) => {
        if (!cx.is(p, 'PathExpression')) throw cx.unsupported(p, 'this join condition');
        const side = cx.textOf(cx.required(p.Expression, p, 'side')).trim();
        const name = p.ReferencedSymbol?.Name ?? cx.textOf(cx.required(p.Selector, p, 'column')).trim();
        return { side, name, node: p };
      });
      const l = sides.find((s) => s.side === '$left');
      const r = sides.find((s) => s.side === '$right');
      if (!l || !r) throw cx.unsupported(cond, 'this join condition');
      leftKeys.push(index(left, l.name, l.node));
      rightKeys.push(index(right, r.name, r.node));
      continue;
    }
    throw cx.unsupported(cond, 'this join condition');
  }
  return [leftKeys, rightKeys];
}

function readers(table: Table, columns: number[]): RowFn[] {
  return columns.map((c) => {
    const col = table.column(c);
    return (i: number) => col[i];
  });
}

/**
 * Hash join. innerunique (the default) keeps one left row per key (the first) and then matches
 * every right row; inner keeps every pair; anti/semi keep one side's rows. Rows with a null key
 * part never match. Output: left rows in order, each with its right matches in order.
 */
export function join(cx: Compiler, op: KNode, left: CompiledTabular, right: CompiledTabular, output: ColumnInfo[]): Tabular {
  const kind = joinKind(cx, op);
  const [leftKeys, rightKeys] = keyColumns(cx, op, left, right);
  const L = left.columns.length;
  const R = right.columns.length;
  const expected = kind === 'leftanti' || kind === 'leftsemi' ? L : kind === 'rightanti' || kind === 'rightsemi' ? R : L + R;
  if (output.length !== expected) throw cx.internal(op, 'join columns differ from the binder schema');

  return (env: Env) => {
    const l = left.run(env);
    const r = right.run(env);
    const lk = readers(l, leftKeys);
    const rk = readers(r, rightKeys);

    if (kind === 'rightanti' || kind === 'rightsemi') {
      const built = build(l, lk);
      const keep: number[] = [];
      for (let j = 0; j < r.length; j++) {
        const matched = !hasNullPart(rk, j) && built.map.find(rk, j) >= 0;
        if (matched === (kind === 'rightsemi')) keep.push(j);
      }
      return r.select(keep, output);
    }

    const built = build(r, rk);
    if (kind === 'leftanti' || kind === 'leftsemi') {
      const keep: number[] = [];
      for (let i = 0; i < l.length; i++) {
        const matched = !hasNullPart(lk, i) && built.map.find(lk, i) >= 0;
        if (matched === (kind === 'leftsemi')) keep.push(i);
      }
      return l.select(keep, output);
    }

    const li: number[] = [];
    const ri: number[] = [];
    const usedKey = kind === 'innerunique' ? new Uint8Array(built.rows.length) : null;
    const matchedRight = kind === 'rightouter' || kind === 'fullouter' ? new Uint8Array(r.length) : null;
    const keepUnmatchedLeft = kind === 'leftouter' || kind === 'fullouter';
    for (let i = 0; i < l.length; i++) {
      const id = hasNullPart(lk, i) ? -1 : built.map.find(lk, i);
      if (id < 0) {
        if (keepUnmatchedLeft) {
          li.push(i);
          ri.push(-1);
        }
        continue;
      }
      if (usedKey) {
        if (usedKey[id]) continue;
        usedKey[id] = 1;
      }
      for (const j of built.rows[id]) {
        li.push(i);
        ri.push(j);
        if (matchedRight) matchedRight[j] = 1;
      }
    }
    if (matchedRight) {
      for (let j = 0; j < r.length; j++) {
        if (!matchedRight[j]) {
          li.push(-1);
          ri.push(j);
        }
      }
    }
    return new Table(output, li.length, (c) =>
      c < L ? gather(l.column(c), li, output[c].type) : gather(r.column(c - L), ri, output[c].type),
    );
  };
}

function build(table: Table, keys: RowFn[]): { map: KeyMap; rows: number[][] } {
  const map = new KeyMap(keys);
  const rows: number[][] = [];
  for (let j = 0; j < table.length; j++) {
    if (hasNullPart(keys, j)) continue;
    const id = map.add(j);
    if (id === rows.length) rows.push([j]);
    else rows[id].push(j);
  }
  return { map, rows };
}
