import type { Compiler } from '../compile/compiler.js';
import type { Frame, Scalar, Scope } from '../compile/types.js';
import type { KNode } from '../kusto.js';
import type { ColumnInfo } from '../table.js';

export interface ScalarCall {
  readonly cx: Compiler;
  readonly node: KNode;
  readonly argNodes: readonly KNode[];
  /** The binder's result type name. */
  readonly resultType: string;
  /** The columns visible where the call is (column_ifexists looks names up here). */
  readonly scope: Scope;
}

export interface ScalarFunction {
  /** Catalog names this implements (resolved with GetFunction, compared by symbol identity). */
  readonly names: readonly string[];
  compile(args: Scalar[], call: ScalarCall): Scalar;
}

export interface AggregateCall {
  readonly cx: Compiler;
  readonly node: KNode;
  /** The name the query used (e.g. "makeset" vs "make_set": defaults differ). */
  readonly name: string;
  readonly argNodes: readonly KNode[];
  /** Compiles argument i against the summarize input. */
  arg(index: number): Scalar;
  /** Argument i's compile-time value; throws if it is not a constant. */
  constantArg(index: number): unknown;
  /** The output columns the binder gave this aggregate (one, or several for arg_max(..., *)). */
  readonly outputs: readonly ColumnInfo[];
  /** Names of those outputs in the aggregate's own result type: input column names for `*`. */
  readonly sourceNames: readonly string[];
  /** The summarize input's columns and the by-clause's plain column references. */
  readonly input: readonly ColumnInfo[];
  readonly byColumns: ReadonlySet<string>;
}

/** Per-execution state of one aggregate across all groups (state arrays indexed by group id). */
export interface Accumulator {
  /** A new group was created: its id is the previous group count. */
  addGroup(): void;
  add(group: number, row: number): void;
  /** One array per output column, one entry per group. */
  finish(groups: number): unknown[][];
}

export interface CompiledAggregate {
  bind(frame: Frame): Accumulator;
}

export interface AggregateFunction {
  /** Catalog names this implements (resolved with GetAggregate: `any` is not the scalar `any`). */
  readonly names: readonly string[];
  compile(call: AggregateCall): CompiledAggregate;
}
