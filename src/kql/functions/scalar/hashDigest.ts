import { createHash } from 'node:crypto';
import type { Scalar } from '../../compile/types.js';
import { formatReal } from '../../values/convert.js';
import { formatDatetime, formatTimespan } from '../../values/datetime.js';
import { map1 } from '../helpers.js';
import type { ScalarCall, ScalarFunction } from '../types.js';

/**
 * The text Kusto hashes for a value: strings as UTF-8, datetimes in ISO form with all seven
 * fraction digits (the reference's hash_md5(datetime(2020-01-01)) is the MD5 of
 * "2020-01-01T00:00:00.0000000Z"), numbers, timespans and guids as .NET prints them. Bools and
 * non-string dynamic values have no documented form and are refused.
 */
export function hashText(value: Scalar, call: ScalarCall, name: string): (v: unknown) => string | null {
  const refuse = (what: string) => call.cx.unsupported(call.node, `${name}() of ${what}`);
  switch (value.type) {
    case 'string':
    case 'guid':
      return (v) => (typeof v === 'string' ? v : null);
    case 'datetime':
      return (v) => (typeof v === 'number' ? formatDatetime(v, true) : null);
    case 'timespan':
      return (v) => (typeof v === 'number' ? formatTimespan(v) : null);
    case 'int':
    case 'long':
      return (v) => (typeof v === 'number' ? String(v) : null);
    case 'real':
      return (v) => (typeof v === 'number' ? formatReal(v) : null);
    case 'dynamic':
      return (v) => {
        if (v === null || v === undefined) return null;
        if (typeof v === 'string') return v;
        throw refuse('a dynamic value that is not a string');
      };
    default:
      throw refuse(`a ${value.type}`);
  }
}

function digest(name: string, algorithm: string): ScalarFunction {
  return {
    names: [name],
    compile: ([value], call) => {
      const text = hashText(value, call, name);
      return map1('string', value, (v) => {
        const t = text(v);
        return t === null ? '' : createHash(algorithm).update(t, 'utf8').digest('hex');
      });
    },
  };
}

export const hashMd5 = digest('hash_md5', 'md5');
export const hashSha1 = digest('hash_sha1', 'sha1');
export const hashSha256 = digest('hash_sha256', 'sha256');
