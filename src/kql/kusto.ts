/**
 * The few shapes of Microsoft's Kusto.Language (Bridge.NET build) that the engine reads.
 * Declared here instead of referencing Kusto.Language.Bridge.d.ts so that its globals
 * (System, Bridge, Kusto) never leak into the rest of the project's type checking.
 */

export interface KNode {
  readonly Kind: number;
  readonly ChildCount: number;
  GetChild(index: number): KNode | null;
  readonly IsToken: boolean;
  readonly IsMissing: boolean;
  readonly TextStart: number;
  readonly End: number;
  readonly Width: number;
  /** The syntax tree the node belongs to (an expanded function body has its own). */
  readonly Tree?: unknown;
  /** On a call of a `let` function or view: the body the binder bound for this call site. */
  GetCalledFunctionBody?(): KNode | null;

  // Present on tokens.
  readonly Text?: string;
  // Present on expressions.
  readonly ResultType?: KSymbol | null;
  readonly ReferencedSymbol?: KSymbol | null;
  readonly LiteralValue?: unknown;
  readonly IsLiteral?: boolean;
  readonly SimpleName?: string;

  // Typed-node properties (which ones exist depends on Kind).
  readonly Expression?: KNode | null;
  readonly Operator?: KNode | null;
  readonly Condition?: KNode | null;
  readonly Left?: KNode | null;
  readonly Right?: KNode | null;
  readonly Selector?: KNode | null;
  readonly Name?: KNode | null;
  readonly Expressions?: KNode | null;
  readonly Parameters?: KNode | null;
  readonly ConditionClause?: KNode | null;
  readonly Aggregates?: KNode | null;
  readonly ByClause?: KNode | null;
  readonly ArgumentList?: KNode | null;
  readonly Ordering?: KNode | null;
  readonly AscOrDescKeyword?: KNode | null;
  readonly NullsClause?: KNode | null;
  readonly FirstOrLastKeyword?: KNode | null;
  readonly Statements?: KNode | null;
  readonly ByExpression?: KNode | null;
  readonly Token?: KNode | null;
  readonly First?: KNode | null;
  readonly Second?: KNode | null;
  readonly Parent?: KNode | null;
}

export interface KSymbol {
  readonly Name: string;
  readonly Kind: number;
  readonly IsTabular: boolean;
  readonly IsScalar: boolean;
  /** On table symbols. */
  readonly Columns?: unknown;
  /** On column symbols. */
  readonly Type?: KSymbol | null;
}

export interface KDiagnostic {
  readonly Code: string;
  readonly Message: string;
  readonly Severity: string;
  readonly HasLocation: boolean;
  readonly Start: number;
  readonly Length: number;
}

export interface KCode {
  readonly Syntax: KNode;
  readonly ResultType: KSymbol | null;
  GetDiagnostics(): unknown;
}

export interface KGlobals {
  WithDatabase(db: unknown): KGlobals;
  GetFunction(name: string): KSymbol | null;
  GetAggregate(name: string): KSymbol | null;
}

export interface KustoLanguage {
  KustoCode: { ParseAndAnalyze(text: string, globals: KGlobals): KCode };
  GlobalState: { Default: KGlobals };
  Symbols: {
    DatabaseSymbol: { ctor: new (name: string, members: unknown[]) => unknown };
    TableSymbol: { $ctor4: new (name: string, columns: unknown[]) => KSymbol };
    ColumnSymbol: new (
      name: string,
      type: KSymbol,
      description: null,
      originalColumns: null,
      source: null,
      examples: null,
    ) => KSymbol;
    ScalarTypes: { GetSymbol(name: string): KSymbol | null };
    SymbolKind: Record<string, number>;
  };
  Syntax: { SyntaxKind: Record<string, number> };
  /** The name the binder gives an unnamed expression's column (null default: none of its own). */
  KustoFacts: { GetExpressionResultName(expr: KNode, defaultName: string | null): string | null };
}

export interface BridgeRuntime {
  toArray<T>(list: unknown): T[];
}
