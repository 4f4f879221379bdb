import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';
import { queryParameters } from './parseUrl.js';

/** parse_urlquery(query) (also parseurlquery): {"Query Parameters": {key: value, ...}}, decoded as parse_url does. */
export const parseUrlQuery: ScalarFunction = {
  names: ['parse_urlquery', 'parseurlquery'],
  compile: ([value]) =>
    map1('dynamic', value, (v) => ({ 'Query Parameters': queryParameters(toKqlString(v, value.type).replace(/^\?/, '')) })),
};
