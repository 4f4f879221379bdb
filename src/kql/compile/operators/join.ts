import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { gatherOrigin, Table, type ColumnOrigin } from '../../table.js';
import { nullOf } from '../../values/convert.js';
import type { Compiler } from '../compiler.js';
import { ChunkedList } from '../../chunkedList.js';
import { borrowRows, keptRows } from '../../rowScratch.js';
import { hasNullPart, KeyMap } from '../keyMap.js';
import type { CompiledTabular, Piece, PieceFn, RowFn, Tabular } from '../types.js';
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

/** Key readers: each key is read once per row, so a key column not gathered yet is read in place. */
function readers(table: Table, columns: number[]): RowFn[] {
  return columns.map((c) => {
    const through = table.readThrough(c);
    if (through) return through;
    const col = table.column(c);
    return (i: number) => col[i];
  });
}

/**
 * Hash join. innerunique (the default) keeps one left row per key (the first) and then matches
 * every right row; inner keeps every pair; anti/semi keep one side's rows. Rows with a null key
 * part never match. Output: left rows in order, each with its right matches in order, then (right
 * and full outer) the unmatched right rows in order.
 *
 * The hash table is built on the smaller side (building costs several times more per row than
 * probing, and holds the side in memory): a hunt's few detections joined to millions of file events
 * hash the detections. The output order is the same either way.
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
    const rk = readers(r, rightKeys);

    if (kind === 'leftanti' || kind === 'leftsemi') return l.select(semiJoin(l, readers(l, leftKeys), r, rk, kind === 'leftsemi'), output);
    if (kind === 'rightanti' || kind === 'rightsemi') return r.select(semiJoin(r, rk, l, readers(l, leftKeys), kind === 'rightsemi'), output);

    let li: ArrayLike<number>;
    let ri: ArrayLike<number>;
    const origin = (c: number): ColumnOrigin => (c < L ? { table: l, column: c, rows: li } : { table: r, column: c - L, rows: ri });
    if (l.length < r.length) {
      [li, ri] = pairsBuildingLeft(kind, l, readers(l, leftKeys), r, rk);
      return Table.gathered(output, li.length, origin);
    }
    // Probing the left side: a computed key (project Host = parse_url(...).Host) is evaluated row by
    // row, and only the matched rows' values are kept, as the output's key column.
    const single = leftKeys.length === 1 ? l.rowReader(leftKeys[0]) : null;
    const lk = single ? [single.read] : readers(l, leftKeys);
    const [pairLeft, pairRight, keys] = pairsBuildingRight(kind, l, lk, r, rk, single?.live === true, single?.piece);
    li = pairLeft;
    ri = pairRight;
    if (!keys) return Table.gathered(output, li.length, origin);
    const keyColumn = leftKeys[0];
    return new Table(
      output,
      li.length,
      (c) => (c === keyColumn ? keyValues(keys, pairLeft, output[c].type) : gatherOrigin(origin(c), output[c].type)),
      (c) => (c === keyColumn ? undefined : origin(c)),
    );
  };
}

/** The captured key values of the output's rows; a row with no left side has the type's null. */
function keyValues(keys: unknown[], rows: ArrayLike<number>, type: string): unknown[] {
  const missing = nullOf(type);
  for (let k = 0; k < rows.length; k++) if (rows[k] < 0) keys[k] = missing;
  return keys;
}

/** The rows of `keep` that have (semi) or lack (anti) a match in `other`, in order. */
function semiJoin(keep: Table, kk: RowFn[], other: Table, ok: RowFn[], semi: boolean): Int32Array {
  const rows = borrowRows(keep.length);
  let kept = 0;
  if (other.length <= keep.length) {
    const map = new KeyMap(ok, true);
    for (let j = 0; j < other.length; j++) if (!hasNullPart(ok, j)) map.add(j);
    for (let i = 0; i < keep.length; i++) {
      const matched = map.find(kk, i) >= 0;
      if (matched === semi) rows[kept++] = i;
    }
    return keptRows(rows, kept);
  }
  // Hash `keep`'s keys, mark those `other` has, then keep rows by their key's mark.
  const map = new KeyMap(kk, true);
  const ids = new Int32Array(keep.length);
  for (let i = 0; i < keep.length; i++) ids[i] = hasNullPart(kk, i) ? -1 : map.add(i);
  const found = new Uint8Array(map.size);
  for (let j = 0; j < other.length; j++) {
    const id = map.find(ok, j);
    if (id >= 0) found[id] = 1;
  }
  for (let i = 0; i < keep.length; i++) {
    const matched = ids[i] >= 0 && found[ids[i]] === 1;
    if (matched === semi) rows[kept++] = i;
  }
  return keptRows(rows, kept);
}

type PairKind = Exclude<JoinKind, 'leftanti' | 'leftsemi' | 'rightanti' | 'rightsemi'>;

/**
 * Row pairs (left, right; -1 for an outer join's missing side) from a hash of the right side, probed
 * in left order; with `keepKeys`, also the left key's value for each pair (one key). With `piece`
 * (one computed key that is a piece of a string), a row whose piece the hash cannot hold is not
 * matched without building its key.
 */
function pairsBuildingRight(
  kind: PairKind,
  l: Table,
  lk: RowFn[],
  r: Table,
  rk: RowFn[],
  keepKeys = false,
  piece?: PieceFn,
): [Int32Array, Int32Array, unknown[] | null] {
  const built = chains(r, rk);
  const at: Piece = { text: '', from: 0, to: 0 };
  const li = new ChunkedList<number>();
  const ri = new ChunkedList<number>();
  const keys = keepKeys ? new ChunkedList<unknown>() : null;
  const usedKey = kind === 'innerunique' ? new Uint8Array(built.map.size) : null;
  const matchedRight = kind === 'rightouter' || kind === 'fullouter' ? new Uint8Array(r.length) : null;
  const keepUnmatchedLeft = kind === 'leftouter' || kind === 'fullouter';
  for (let i = 0; i < l.length; i++) {
    let id: number;
    if (piece) {
      piece(i, at);
      id = built.map.findPiece(at, lk, i);
    } else id = built.map.find(lk, i);
    if (id < 0) {
      if (keepUnmatchedLeft) {
        li.push(i);
        ri.push(-1);
        keys?.push(lk[0](i));
      }
      continue;
    }
    if (usedKey) {
      if (usedKey[id]) continue;
      usedKey[id] = 1;
    }
    for (let j = built.head[id]; j >= 0; j = built.next[j]) {
      li.push(i);
      ri.push(j);
      keys?.push(lk[0](i));
      if (matchedRight) matchedRight[j] = 1;
    }
  }
  if (matchedRight) {
    for (let j = 0; j < r.length; j++) {
      if (!matchedRight[j]) {
        li.push(-1);
        ri.push(j);
        keys?.push(null);
      }
    }
  }
  return [ChunkedList.toInt32Array(li), ChunkedList.toInt32Array(ri), keys ? keys.toArray() : null];
}

/**
 * The same pairs as pairsBuildingRight, in the same order, from a hash of the left side probed in
 * right order: the matches are found by right row, then placed by left row (a counting sort, which
 * keeps each left row's matches in right order).
 */
function pairsBuildingLeft(kind: PairKind, l: Table, lk: RowFn[], r: Table, rk: RowFn[]): [Int32Array, Int32Array] {
  const built = chains(l, lk);
  // innerunique: only the first left row of each key joins.
  const unique = kind === 'innerunique';
  const keepUnmatchedLeft = kind === 'leftouter' || kind === 'fullouter';
  const keepUnmatchedRight = kind === 'rightouter' || kind === 'fullouter';
  const matches = new Int32Array(l.length);
  const pairs = { left: new ChunkedList<number>(), right: new ChunkedList<number>() };
  const unmatched = new ChunkedList<number>();
  for (let j = 0; j < r.length; j++) {
    const id = built.map.find(rk, j);
    if (id < 0) {
      if (keepUnmatchedRight) unmatched.push(j);
      continue;
    }
    for (let i = built.head[id]; i >= 0; i = unique ? -1 : built.next[i]) {
      pairs.left.push(i);
      pairs.right.push(j);
      matches[i]++;
    }
  }
  const pairLeft = ChunkedList.toInt32Array(pairs.left);
  const pairRight = ChunkedList.toInt32Array(pairs.right);
  const unmatchedRight = ChunkedList.toInt32Array(unmatched);
  // Where each left row's pairs start in the output.
  const start = new Int32Array(l.length + 1);
  for (let i = 0; i < l.length; i++) start[i + 1] = start[i] + (matches[i] === 0 && keepUnmatchedLeft ? 1 : matches[i]);
  const total = start[l.length] + unmatchedRight.length;
  const li = new Int32Array(total);
  const ri = new Int32Array(total);
  if (keepUnmatchedLeft) {
    for (let i = 0; i < l.length; i++) {
      if (matches[i] === 0) {
        li[start[i]] = i;
        ri[start[i]] = -1;
      }
    }
  }
  for (let p = 0; p < pairLeft.length; p++) {
    const at = start[pairLeft[p]]++;
    li[at] = pairLeft[p];
    ri[at] = pairRight[p];
  }
  for (let k = 0, at = total - unmatchedRight.length; k < unmatchedRight.length; k++, at++) {
    li[at] = -1;
    ri[at] = unmatchedRight[k];
  }
  return [li, ri];
}

/** A hash of a table's keys: each key's rows in order, as a chain (head[id], then next[row]) rather than an array per key. */
function chains(table: Table, keys: RowFn[]): { map: KeyMap; head: Int32Array; next: Int32Array } {
  const map = new KeyMap(keys, true);
  const ids = new Int32Array(table.length);
  for (let j = 0; j < table.length; j++) ids[j] = hasNullPart(keys, j) ? -1 : map.add(j);
  const head = new Int32Array(map.size).fill(-1);
  const tail = new Int32Array(map.size);
  const next = new Int32Array(table.length).fill(-1);
  for (let j = 0; j < table.length; j++) {
    const id = ids[j];
    if (id < 0) continue;
    if (head[id] < 0) head[id] = j;
    else next[tail[id]] = j;
    tail[id] = j;
  }
  return { map, head, next };
}
