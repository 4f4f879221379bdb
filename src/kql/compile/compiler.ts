import { errorAt, INTERNAL, KqlError, UNSUPPORTED, type KqlDiagnostic } from '../errors.js';
import { FunctionRegistry } from '../functions/registry.js';
import type { KGlobals, KNode, KSymbol } from '../kusto.js';
import type { KustoLibrary } from '../load.js';
import { elements, kindName, schemaOf } from '../syntax.js';
import type { ColumnInfo } from '../table.js';
import type { CompiledTabular, Scalar, Scope } from './types.js';
import type { CallFrame } from './userFunctions.js';

/**
 * The compile entry points, handed to the Compiler so that files compiling a nested expression (a
 * subquery in `in`/`toscalar`, a union input, a function body) reach them without importing
 * tabular.ts or scalar.ts, which import those files: no import cycles.
 */
export interface CompileEntryPoints {
  tabular(cx: Compiler, node: KNode): CompiledTabular;
  scalar(cx: Compiler, node: KNode, scope: Scope): Scalar;
}

/** Per-query compile state: the source text for positions, and what `let` names are bound to. */
export class Compiler {
  readonly tabularLets = new Map<KSymbol, CompiledTabular>();
  readonly scalarLets = new Map<KSymbol, Scalar>();
  /** `let` functions and views: the body as declared, to map positions inside expansions. */
  readonly functionBodies = new Map<KSymbol, KNode>();
  /** Everything unsupported met so far: compiling goes on past each, to report them all at once. */
  readonly problems: KqlDiagnostic[] = [];
  /** While compiling an expression over aggregates: each aggregate call's column in its frame. */
  aggregateSlots: Map<KNode, number> | null = null;
  /** Above 0 while compiling a subquery that runs once per input row or partition (perRun.ts). */
  perRunDepth = 0;
  /** Calls of `let` functions whose bodies are being compiled, innermost last. */
  readonly callFrames: CallFrame[] = [];
  readonly registry: FunctionRegistry;
  /** Offsets of the binder's expanded function bodies (separate syntax trees) in the query text. */
  private readonly treeOffsets = new Map<unknown, number>();

  constructor(
    readonly lib: KustoLibrary,
    readonly text: string,
    readonly globals: KGlobals,
    private readonly entry: CompileEntryPoints,
  ) {
    this.registry = registryFor(globals);
  }

  /** Compiles a nested tabular expression. */
  tabular(node: KNode): CompiledTabular {
    return this.entry.tabular(this, node);
  }

  /** Compiles a nested scalar expression against a row scope. */
  scalar(node: KNode, scope: Scope): Scalar {
    return this.entry.scalar(this, node, scope);
  }

  get kinds(): Record<string, number> {
    return this.lib.kinds;
  }

  is(node: KNode | null | undefined, kind: string): boolean {
    return !!node && node.Kind === this.lib.kinds[kind];
  }

  kindName(node: KNode): string {
    return kindName(this.lib, node);
  }

  elements(list: KNode | null | undefined): KNode[] {
    return elements(this.lib, list);
  }

  /** The binder's output columns for a tabular node. */
  schema(node: KNode): ColumnInfo[] {
    const columns = schemaOf(this.lib, node.ResultType);
    if (!columns) throw this.internal(node, `no tabular result type for ${this.kindName(node)}`);
    return columns;
  }

  textOf(node: KNode): string {
    return this.text.slice(node.TextStart, node.End);
  }

  required(node: KNode | null | undefined, parent: KNode, what: string): KNode {
    if (!node) throw this.internal(parent, `missing ${what}`);
    return node;
  }

  unsupported(node: KNode, what: string): KqlError {
    return errorAt(this.text, this.position(node), UNSUPPORTED, `${what} is not supported by the local engine yet`);
  }

  internal(node: KNode, message: string): KqlError {
    return errorAt(this.text, this.position(node), INTERNAL, `local engine: ${message}`);
  }

  /**
   * Runs `attempt`; when it meets something unsupported, records that and returns `fallback()` (a
   * stand-in never run) so the rest of the query is still compiled and checked.
   */
  recover<T>(attempt: () => T, fallback: () => T): T {
    try {
      return attempt();
    } catch (error) {
      if (!(error instanceof KqlError) || error.code !== UNSUPPORTED) throw error;
      for (const d of error.diagnostics) {
        const seen = this.problems.some((p) => p.line === d.line && p.column === d.column && p.message === d.message);
        if (!seen) this.problems.push(d);
      }
      return fallback();
    }
  }

  /** A node's offset in the query text, also for nodes of an expanded function body. */
  position(node: KNode): number {
    return node.TextStart + (this.treeOffsets.get(node.Tree) ?? 0);
  }

  /** Records where the syntax tree of `root` (an expanded body) sits in the query text. */
  mapTree(root: KNode, offset: number): void {
    if (!this.treeOffsets.has(root.Tree)) this.treeOffsets.set(root.Tree, offset);
  }

  /** Name of the query operator keyword(s) a node starts with, e.g. "mv-expand". */
  operatorName(node: KNode): string {
    const first = this.firstToken(node);
    return first?.Text ?? this.kindName(node);
  }

  private firstToken(node: KNode): KNode | null {
    if (node.IsToken) return node;
    for (let i = 0; i < node.ChildCount; i++) {
      const child = node.GetChild(i);
      if (!child) continue;
      const t = this.firstToken(child);
      if (t && t.Width > 0) return t;
    }
    return null;
  }
}

const registries = new WeakMap<KGlobals, FunctionRegistry>();

function registryFor(globals: KGlobals): FunctionRegistry {
  let registry = registries.get(globals);
  if (!registry) {
    registry = new FunctionRegistry(globals);
    registries.set(globals, registry);
  }
  return registry;
}
