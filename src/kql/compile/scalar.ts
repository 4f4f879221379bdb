import type { KNode, KSymbol } from '../kusto.js';
import type { Compiler } from './compiler.js';
import { literalValue } from './literal.js';
import { arithmetic, negate } from './ops/arithmetic.js';
import { between } from './ops/between.js';
import { equality, equalityIgnoreCase, ordering } from './ops/compare.js';
import { hasAnyAll, hasAnyAllOfTables } from './ops/hasAny.js';
import { inList } from './ops/inList.js';
import { inSubquery } from './ops/inSubquery.js';
import { and, or } from './ops/logic.js';
import { member } from './ops/member.js';
import { matchesRegex, stringTest, type StringTest } from './ops/strings.js';
import { toscalar } from './ops/toscalar.js';
import { columnScalar, constantScalar, type CompiledTabular, type Scalar, type Scope } from './types.js';
import { isUserFunctionCall, scalarCall, scalarParameter } from './userFunctions.js';

const STRING_TESTS: Record<string, [StringTest, boolean, boolean]> = {
  // kind: [test, caseSensitive, negate]
  HasExpression: ['has', false, false],
  HasCsExpression: ['has', true, false],
  NotHasExpression: ['has', false, true],
  NotHasCsExpression: ['has', true, true],
  HasPrefixExpression: ['hasprefix', false, false],
  HasPrefixCsExpression: ['hasprefix', true, false],
  NotHasPrefixExpression: ['hasprefix', false, true],
  NotHasPrefixCsExpression: ['hasprefix', true, true],
  HasSuffixExpression: ['hassuffix', false, false],
  HasSuffixCsExpression: ['hassuffix', true, false],
  NotHasSuffixExpression: ['hassuffix', false, true],
  NotHasSuffixCsExpression: ['hassuffix', true, true],
  ContainsExpression: ['contains', false, false],
  ContainsCsExpression: ['contains', true, false],
  NotContainsExpression: ['contains', false, true],
  NotContainsCsExpression: ['contains', true, true],
  StartsWithExpression: ['startswith', false, false],
  StartsWithCsExpression: ['startswith', true, false],
  NotStartsWithExpression: ['startswith', false, true],
  NotStartsWithCsExpression: ['startswith', true, true],
  EndsWithExpression: ['endswith', false, false],
  EndsWithCsExpression: ['endswith', true, false],
  NotEndsWithExpression: ['endswith', false, true],
  NotEndsWithCsExpression: ['endswith', true, true],
};

const ARITHMETIC: Record<string, '+' | '-' | '*' | '/' | '%'> = {
  AddExpression: '+',
  SubtractExpression: '-',
  MultiplyExpression: '*',
  DivideExpression: '/',
  ModuloExpression: '%',
};

const ORDERING: Record<string, '<' | '<=' | '>' | '>='> = {
  LessThanExpression: '<',
  LessThanOrEqualExpression: '<=',
  GreaterThanExpression: '>',
  GreaterThanOrEqualExpression: '>=',
};

export function typeOf(node: KNode): string {
  return node.ResultType?.Name ?? 'dynamic';
}

/**
 * Compiles a scalar expression once into closures over the input's columns (resolved by name
 * against `scope`, the operator's input schema). Nothing here runs per row.
 */
export function compileScalar(cx: Compiler, node: KNode, scope: Scope): Scalar {
  return cx.recover(
    () => compileScalarNode(cx, node, scope),
    () => constantScalar(typeOf(node), null),
  );
}

function compileScalarNode(cx: Compiler, node: KNode, scope: Scope): Scalar {
  const kind = cx.kindName(node);
  const type = typeOf(node);

  if (node.IsLiteral && kind.endsWith('LiteralExpression')) return constantScalar(type, literalValue(cx, node));
  if (kind === 'DynamicExpression') return constantScalar('dynamic', literalValue(cx, node));

  const string = STRING_TESTS[kind];
  if (string) {
    const [test, cs, neg] = string;
    return stringTest(sub(cx, node.Left, node, scope), sub(cx, node.Right, node, scope), test, cs, neg);
  }
  const arith = ARITHMETIC[kind];
  if (arith) return arithmetic(sub(cx, node.Left, node, scope), sub(cx, node.Right, node, scope), arith, type);
  const ord = ORDERING[kind];
  if (ord) return ordering(sub(cx, node.Left, node, scope), sub(cx, node.Right, node, scope), ord);

  switch (kind) {
    case 'NameReference':
      return nameReference(cx, node, scope);
    case 'ParenthesizedExpression':
      return sub(cx, node.Expression, node, scope);
    case 'EqualExpression':
    case 'NotEqualExpression':
      return equality(sub(cx, node.Left, node, scope), sub(cx, node.Right, node, scope), kind === 'NotEqualExpression');
    case 'EqualTildeExpression':
    case 'BangTildeExpression':
      return equalityIgnoreCase(
        sub(cx, node.Left, node, scope),
        sub(cx, node.Right, node, scope),
        kind === 'BangTildeExpression',
      );
    case 'AndExpression':
      return and(sub(cx, node.Left, node, scope), sub(cx, node.Right, node, scope));
    case 'OrExpression':
      return or(sub(cx, node.Left, node, scope), sub(cx, node.Right, node, scope));
    case 'MatchesRegexExpression':
      return matchesRegex(cx, cx.required(node.Right, node, 'regex'), sub(cx, node.Left, node, scope), sub(cx, node.Right, node, scope));
    case 'UnaryMinusExpression':
      return negate(sub(cx, node.Expression, node, scope));
    case 'UnaryPlusExpression':
      return sub(cx, node.Expression, node, scope);
    case 'InExpression':
    case 'InCsExpression':
    case 'NotInExpression':
    case 'NotInCsExpression':
      return inExpression(cx, node, scope);
    case 'HasAnyExpression':
    case 'HasAllExpression':
      return hasAnyAllExpression(cx, node, scope, kind === 'HasAllExpression');
    case 'BetweenExpression':
    case 'NotBetweenExpression': {
      const range = cx.required(node.Right, node, 'range');
      return between(sub(cx, node.Left, node, scope), sub(cx, range.First, range, scope), sub(cx, range.Second, range, scope), kind === 'NotBetweenExpression');
    }
    case 'PathExpression':
      return path(cx, node, scope);
    case 'ElementExpression': {
      const selector = cx.required(node.Selector, node, 'selector');
      const key = cx.is(selector, 'BracketedExpression') ? cx.required(selector.Expression, selector, 'index') : selector;
      return member(sub(cx, node.Expression, node, scope), compileScalar(cx, key, scope));
    }
    case 'FunctionCallExpression':
      return functionCall(cx, node, scope, type);
    case 'ToScalarExpression':
      return toscalar(cx, node, type);
    default:
      throw cx.unsupported(node, `expression '${cx.textOf(node).slice(0, 40)}' (${kind})`);
  }
}

function sub(cx: Compiler, child: KNode | null | undefined, parent: KNode, scope: Scope): Scalar {
  return compileScalar(cx, cx.required(child, parent, 'operand'), scope);
}

function nameReference(cx: Compiler, node: KNode, scope: Scope): Scalar {
  const symbol = node.ReferencedSymbol;
  if (!symbol) throw cx.internal(node, `unresolved name '${cx.textOf(node)}'`);
  if (symbol.Kind === cx.lib.symbolKinds.Column) return column(cx, node, symbol, scope);
  const scalarLet = cx.scalarLets.get(symbol);
  if (scalarLet) return scalarLet;
  const parameter = scalarParameter(cx, node, scope);
  if (parameter) return parameter;
  if (isUserFunctionCall(node)) return scalarCall(cx, node, scope);
  throw cx.unsupported(node, `reference to '${symbol.Name}' here`);
}

function column(cx: Compiler, node: KNode, symbol: KSymbol, scope: Scope): Scalar {
  const slot = scope.indexOf(symbol.Name);
  if (slot < 0) throw cx.internal(node, `column '${symbol.Name}' is not in the operator's input`);
  return columnScalar(scope.columns[slot].type, slot);
}

function path(cx: Compiler, node: KNode, scope: Scope): Scalar {
  const symbol = node.ReferencedSymbol;
  // A path the binder resolved to a column ($left.X, T.X) reads that column.
  if (symbol && symbol.Kind === cx.lib.symbolKinds.Column) return column(cx, node, symbol, scope);
  const selector = cx.required(node.Selector, node, 'member');
  // x.[key] with a computed key (a let or a parameter): the binder makes the selector a bracketed expression.
  if (cx.is(selector, 'BracketedExpression')) {
    return member(sub(cx, node.Expression, node, scope), sub(cx, selector.Expression, selector, scope));
  }
  const name = selector.SimpleName ?? cx.textOf(selector);
  return member(sub(cx, node.Expression, node, scope), constantScalar('string', name));
}

/** The values of an `in` or `has_any` list: subqueries apart from scalar expressions. */
function listOperands(cx: Compiler, list: KNode, scope: Scope): { tables: CompiledTabular[]; items: Scalar[] } {
  const tables: CompiledTabular[] = [];
  const items: Scalar[] = [];
  for (const item of cx.elements(list.Expressions)) {
    if (item.ResultType?.IsTabular) tables.push(cx.tabular(item));
    else items.push(compileScalar(cx, item, scope));
  }
  return { tables, items };
}

function inExpression(cx: Compiler, node: KNode, scope: Scope): Scalar {
  const op = (cx.required(node.Operator, node, 'operator').Text ?? '').trim();
  const list = cx.required(node.Right, node, 'list');
  const { tables, items } = listOperands(cx, list, scope);
  const left = sub(cx, node.Left, node, scope);
  const once = tables.length > 0 || items.some((s) => s.rowFree && !s.constant);
  if (!once) return inList(left, items, op.endsWith('~'), op.startsWith('!'));
  const perRow = items.find((s) => !s.constant && !s.rowFree);
  if (perRow) throw cx.unsupported(list, `'${op}' mixing a subquery with non-constant values`);
  return inSubquery(cx, left, tables, items, op.endsWith('~'), op.startsWith('!'));
}

function functionCall(cx: Compiler, node: KNode, scope: Scope, type: string): Scalar {
  const aggregateSlot = cx.aggregateSlots?.get(node);
  if (aggregateSlot !== undefined) return columnScalar(type, aggregateSlot);
  const symbol = node.ReferencedSymbol;
  const name = cx.required(node.Name, node, 'function name').SimpleName ?? cx.textOf(node);
  if (!symbol) throw cx.internal(node, `unresolved function '${name}'`);
  const impl = cx.registry.scalar(symbol);
  if (!impl && isUserFunctionCall(node)) return scalarCall(cx, node, scope);
  if (!impl) {
    if (cx.registry.aggregate(symbol) || cx.globals.GetAggregate(symbol.Name) === symbol)
      throw cx.unsupported(node, `aggregate function '${name}' outside summarize`);
    throw cx.unsupported(node, `function '${name}'`);
  }
  const argNodes = cx.elements(cx.required(node.ArgumentList, node, 'arguments').Expressions);
  const args = argNodes.map((a) => compileScalar(cx, a, scope));
  return impl.compile(args, { cx, node, argNodes, resultType: type, scope });
}

/** The values of `has_any (...)` / `has_all (...)`. */
function hasAnyAllExpression(cx: Compiler, node: KNode, scope: Scope, all: boolean): Scalar {
  const list = cx.required(node.Right, node, 'list');
  const { tables, items } = listOperands(cx, list, scope);
  const left = sub(cx, node.Left, node, scope);
  if (tables.length === 0) return hasAnyAll(left, items, all);
  if (items.some((s) => !s.constant && !s.rowFree)) throw cx.unsupported(list, `'${all ? 'has_all' : 'has_any'}' mixing a subquery with values of the row`);
  return hasAnyAllOfTables(cx, left, items, tables, all);
}
