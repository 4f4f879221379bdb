import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * The fields of the first CSV record: commas separate fields; a field in double quotes may hold
 * commas, line breaks and "" for a quote; an unquoted line break ends the record.
 */
export function csvRecord(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      break;
    } else {
      field += c;
      i++;
    }
  }
  fields.push(field);
  return fields;
}

/** parse_csv(text): the first record's fields as a dynamic array of strings. */
export const parseCsv: ScalarFunction = {
  names: ['parse_csv'],
  compile: ([value]) => map1('dynamic', value, (v) => csvRecord(toKqlString(v, value.type))),
};
