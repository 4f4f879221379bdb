/**
 * The JSONPath subset KQL accepts (reference: "JSONPath expressions"): `$`, `.name`, `['name']`,
 * `["name"]` and `[n]`. Wildcards, recursion, unions and slices are not part of it.
 */
export type JsonPathStep = string | number;

/** The steps of a path, or an error message. A bare name ("key") is one step, as bag_* functions take keys. */
export function parseJsonPath(path: string): JsonPathStep[] | string {
  const p = path.trim();
  if (!p.startsWith('$')) return p === '' ? 'empty path' : [p];
  const steps: JsonPathStep[] = [];
  let i = 1;
  while (i < p.length) {
    const c = p[i];
    if (c === '.') {
      const m = /^\.([A-Za-z_$][\w$-]*)/.exec(p.slice(i));
      if (!m) return `expected a property name after '.' at ${i}`;
      steps.push(m[1]);
      i += m[0].length;
    } else if (c === '[') {
      const rest = p.slice(i);
      const index = /^\[\s*(-?\d+)\s*\]/.exec(rest);
      const quoted = /^\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\]/.exec(rest);
      if (index) {
        steps.push(Number(index[1]));
        i += index[0].length;
      } else if (quoted) {
        steps.push((quoted[1] ?? quoted[2]).replace(/\\(.)/g, '$1'));
        i += quoted[0].length;
      } else return `unsupported JSONPath selector at ${i} (wildcards, slices and unions are not supported)`;
    } else return `unexpected '${c}' at ${i}`;
  }
  return steps;
}

/** The value at a path, or undefined when any step is missing. */
export function atJsonPath(root: unknown, steps: readonly JsonPathStep[]): unknown {
  let v = root;
  for (const step of steps) {
    if (v === null || typeof v !== 'object') return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(v)) return undefined;
      v = v[step < 0 ? v.length + step : step];
    } else {
      if (Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, step)) return undefined;
      v = (v as Record<string, unknown>)[step];
    }
    if (v === undefined) return undefined;
  }
  return v;
}
