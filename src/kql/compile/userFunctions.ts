import type { KNode, KSymbol } from '../kusto.js';
import type { Compiler } from './compiler.js';
import { runOnce } from './cache.js';
import { compileFunctionBody } from './let.js';
import { Scope, type CompiledTabular, type Scalar } from './types.js';

/** What one parameter of a called `let` function is bound to. */
type Argument =
  | { readonly kind: 'tabular'; readonly tabular: CompiledTabular }
  | {
      readonly kind: 'scalar';
      readonly scalar: Scalar;
      /** The same argument compiled without the caller's columns, or null when it reads them. */
      readonly rowFree: Scalar | null;
    };

/** One active call of a `let` function (or view) while its body is compiled. */
export interface CallFrame {
  readonly name: string;
  readonly args: ReadonlyMap<string, Argument>;
  /** The caller's row scope for a scalar function called per row; null for a tabular call. */
  readonly scope: Scope | null;
}

interface Parameter {
  readonly name: string;
  readonly tabular: boolean;
  readonly defaultValue: KNode | null;
}

function parametersOf(cx: Compiler, symbol: KSymbol): Parameter[] {
  const signatures = cx.lib.bridge.toArray<{ Parameters: unknown }>((symbol as { Signatures?: unknown }).Signatures);
  if (signatures.length === 0) return [];
  return cx.lib.bridge
    .toArray<{ Name: string; IsTabular: boolean; DefaultValue: KNode | null }>(signatures[0].Parameters)
    .map((p) => ({ name: p.Name, tabular: p.IsTabular, defaultValue: p.DefaultValue ?? null }));
}

/** True when a call node refers to a `let` function or view (the binder expanded its body there). */
export function isUserFunctionCall(node: KNode): boolean {
  return !!node.ReferencedSymbol && !!node.GetCalledFunctionBody?.();
}

/**
 * The body the binder bound for this call site (a FunctionBody), with its positions mapped back to
 * the query text: an expansion is a separate syntax tree whose offsets count from the body.
 */
function expansionOf(cx: Compiler, call: KNode, name: string): KNode {
  const body = call.GetCalledFunctionBody?.();
  if (!body) throw cx.unsupported(call, `the call of '${name}' (the binder could not expand its body)`);
  const declared = call.ReferencedSymbol ? cx.functionBodies.get(call.ReferencedSymbol) : undefined;
  if (declared) cx.mapTree(body, cx.position(declared) - body.TextStart);
  return body;
}

function bindArguments(cx: Compiler, call: KNode, name: string, params: Parameter[], scope: Scope | null, piped?: CompiledTabular): Map<string, Argument> {
  const args = new Map<string, Argument>();
  let next = 0;
  if (piped) {
    const first = params[0];
    if (!first) throw cx.internal(call, `'${name}' takes no tabular input for invoke`);
    args.set(first.name, { kind: 'tabular', tabular: piped });
    next = 1;
  }
  const list = call.ArgumentList ? cx.elements(call.ArgumentList.Expressions) : [];
  for (const arg of list) {
    let paramName: string | undefined;
    let value = arg;
    if (cx.is(arg, 'SimpleNamedExpression')) {
      paramName = cx.required(arg.Name, arg, 'argument name').SimpleName ?? undefined;
      value = cx.required(arg.Expression, arg, 'argument value');
    } else {
      // A positional argument fills the next parameter no named argument has taken.
      while (next < params.length && args.has(params[next].name)) next++;
      paramName = params[next++]?.name;
    }
    if (!paramName) throw cx.internal(arg, `too many arguments for '${name}'`);
    args.set(paramName, compileArgument(cx, value, scope));
  }
  for (const p of params) {
    if (args.has(p.name)) continue;
    if (!p.defaultValue) throw cx.internal(call, `no value for parameter '${p.name}' of '${name}'`);
    const scalar = cx.scalar(p.defaultValue, new Scope([]));
    args.set(p.name, { kind: 'scalar', scalar, rowFree: scalar });
  }
  return args;
}

function compileArgument(cx: Compiler, value: KNode, scope: Scope | null): Argument {
  if (value.ResultType?.IsTabular) return { kind: 'tabular', tabular: cachedArgument(cx, cx.tabular(value)) };
  if (!scope) {
    const scalar = cx.scalar(value, new Scope([]));
    return { kind: 'scalar', scalar, rowFree: scalar };
  }
  const scalar = cx.scalar(value, scope);
  return { kind: 'scalar', scalar, rowFree: scalar.constant ? scalar : rowFreeOrNull(cx, value) };
}

function rowFreeOrNull(cx: Compiler, value: KNode): Scalar | null {
  try {
    return cx.scalar(value, new Scope([]));
  } catch {
    return null; // it reads the caller's columns
  }
}

/** A tabular argument referenced several times in the body still runs once. */
function cachedArgument(cx: Compiler, tabular: CompiledTabular): CompiledTabular {
  return { columns: tabular.columns, node: tabular.node, run: runOnce(cx, tabular) };
}

function functionName(cx: Compiler, call: KNode): string {
  return call.ReferencedSymbol?.Name ?? cx.textOf(call);
}

const MAX_DEPTH = 64;

/**
 * A tabular `let` function or view: `f(args)`, `V`, `V()`, or `T | invoke f(args)` (the piped
 * table is the first parameter). The body is the binder's expansion for this call site, compiled
 * with the parameters bound to the call's arguments.
 */
export function tabularCall(cx: Compiler, call: KNode, piped?: CompiledTabular): CompiledTabular {
  const name = functionName(cx, call);
  const symbol = call.ReferencedSymbol;
  if (!symbol) throw cx.internal(call, `unresolved function '${name}'`);
  if (cx.callFrames.length >= MAX_DEPTH) throw cx.unsupported(call, `calls nested more than ${MAX_DEPTH} deep ('${name}')`);
  const body = expansionOf(cx, call, name);
  const frame: CallFrame = { name, args: bindArguments(cx, call, name, parametersOf(cx, symbol), null, piped), scope: null };
  cx.callFrames.push(frame);
  try {
    const result = compileFunctionBody(cx, body, new Scope([]));
    if (!result.ResultType?.IsTabular) throw cx.unsupported(call, `'${name}' used as a table`);
    const compiled = cx.tabular(result);
    return { columns: compiled.columns, node: call, run: compiled.run };
  } finally {
    cx.callFrames.pop();
  }
}

/** A scalar `let` function called in an expression; its body is compiled against the caller's row. */
export function scalarCall(cx: Compiler, call: KNode, scope: Scope): Scalar {
  const name = functionName(cx, call);
  const symbol = call.ReferencedSymbol;
  if (!symbol) throw cx.internal(call, `unresolved function '${name}'`);
  if (cx.callFrames.length >= MAX_DEPTH) throw cx.unsupported(call, `calls nested more than ${MAX_DEPTH} deep ('${name}')`);
  const body = expansionOf(cx, call, name);
  const frame: CallFrame = { name, args: bindArguments(cx, call, name, parametersOf(cx, symbol), scope), scope };
  cx.callFrames.push(frame);
  try {
    const result = compileFunctionBody(cx, body, scope);
    if (result.ResultType?.IsTabular) throw cx.unsupported(call, `'${name}' used as a scalar`);
    return cx.scalar(result, scope);
  } finally {
    cx.callFrames.pop();
  }
}

/** The innermost active call that binds `name` (a function declared inside another sees its parameters). */
function lookup(cx: Compiler, name: string): { frame: CallFrame; arg: Argument } | undefined {
  for (let i = cx.callFrames.length - 1; i >= 0; i--) {
    const frame = cx.callFrames[i];
    const arg = frame.args.get(name);
    if (arg) return { frame, arg };
  }
  return undefined;
}

/** A reference to a scalar parameter of the function being compiled, or undefined. */
export function scalarParameter(cx: Compiler, node: KNode, scope: Scope): Scalar | undefined {
  const symbol = node.ReferencedSymbol;
  if (!symbol || symbol.Kind !== cx.lib.symbolKinds.Variable) return undefined;
  const found = lookup(cx, symbol.Name);
  if (!found || found.arg.kind !== 'scalar') return undefined;
  const { frame, arg } = found;
  // Inside a subquery of the body the rows are another table's: only a row-free value means the same there.
  if (frame.scope === null || frame.scope === scope) return arg.scalar;
  if (arg.rowFree) return arg.rowFree;
  throw cx.unsupported(node, `parameter '${symbol.Name}' of '${frame.name}' (a per-row value) inside a subquery`);
}

/** A reference to a tabular parameter of the function being compiled, or undefined. */
export function tabularParameter(cx: Compiler, node: KNode): CompiledTabular | undefined {
  const symbol = node.ReferencedSymbol;
  if (!symbol || symbol.Kind !== cx.lib.symbolKinds.Variable) return undefined;
  const found = lookup(cx, symbol.Name);
  if (!found || found.arg.kind !== 'tabular') return undefined;
  return found.arg.tabular;
}
