import { createRequire } from 'node:module';
import type { BridgeRuntime, KustoLanguage } from './kusto.js';

/**
 * Microsoft's parser/binder is ~2 MB of script that defines globals (Bridge, System, Kusto)
 * and costs ~0.4 s to load plus ~1.4 s on first parse. It is loaded on first use, never at
 * import time, so modules that merely import the engine (or the production bundle) stay light.
 */
export interface KustoLibrary {
  readonly K: KustoLanguage;
  readonly bridge: BridgeRuntime;
  /** SyntaxKind name → number. */
  readonly kinds: Record<string, number>;
  /** SyntaxKind number → name, for messages. */
  readonly kindNames: Map<number, string>;
  readonly symbolKinds: Record<string, number>;
}

let library: KustoLibrary | undefined;

export function loadKusto(): KustoLibrary {
  if (library) return library;
  const require = createRequire(import.meta.url);
  // Order matters: the library expects the Bridge.NET runtime's globals.
  require('@kusto/language-service-next/bridge.min.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
  const g = globalThis as unknown as { Kusto?: { Language: KustoLanguage }; Bridge?: BridgeRuntime };
  if (!g.Kusto || !g.Bridge) throw new Error('KQL: @kusto/language-service-next did not define its globals');
  const K = g.Kusto.Language;
  const kinds = K.Syntax.SyntaxKind;
  const kindNames = new Map<number, string>();
  for (const [name, value] of Object.entries(kinds)) if (typeof value === 'number') kindNames.set(value, name);
  library = { K, bridge: g.Bridge, kinds, kindNames, symbolKinds: K.Symbols.SymbolKind };
  return library;
}
