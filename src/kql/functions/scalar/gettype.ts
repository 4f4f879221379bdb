import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/**
 * The runtime type of a dynamic value. JSON numbers are told apart by value: an integer that
 * fits 32 bits is "int" (gettype(parse_json('1')) is "int"), a larger one "long", else "real";
 * a JSON 1.0 reads as 1 here, so it says "int" where Kusto says "real". The empty dynamic string
 * is the engine's null (parse_json('') yields it; Kusto gives null: "null").
 */
function dynamicType(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      // Datetimes and timespans inside dynamic values are held as text (compile/literal.ts), so
      // gettype(dynamic([datetime(2020-01-01)])[0]) says "string" here where Kusto says "datetime".
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? (v >= INT32_MIN && v <= INT32_MAX ? 'int' : 'long') : 'real';
    case 'bigint':
      return 'long';
    default:
      return 'dictionary';
  }
}

/** gettype(x): the static type, except for dynamic values, whose runtime type is read per value. */
export const gettype: ScalarFunction = {
  names: ['gettype'],
  compile: ([value]) => {
    const type = value.type;
    if (type === 'dynamic') return map1('string', value, dynamicType);
    return map1('string', value, () => type);
  },
};
