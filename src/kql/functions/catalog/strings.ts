import { countof } from '../scalar/countof.js';
import { extract } from '../scalar/extract.js';
import { extractAll } from '../scalar/extractAll.js';
import { extractJson } from '../scalar/extractJson.js';
import { hasAnyIndex } from '../scalar/hasAnyIndex.js';
import { indexof } from '../scalar/indexof.js';
import { indexofRegex } from '../scalar/indexofRegex.js';
import { isascii } from '../scalar/isascii.js';
import { isutf8 } from '../scalar/isutf8.js';
import { parseCommandLine } from '../scalar/parseCommandLine.js';
import { parseCsv } from '../scalar/parseCsv.js';
import { parsePath } from '../scalar/parsePath.js';
import { parseUrl } from '../scalar/parseUrl.js';
import { parseUrlQuery } from '../scalar/parseUrlQuery.js';
import { regexQuote } from '../scalar/regexQuote.js';
import { replace, replaceRegex } from '../scalar/replaceRegex.js';
import { replaceString } from '../scalar/replaceString.js';
import { replaceStrings } from '../scalar/replaceStrings.js';
import { reverse } from '../scalar/reverse.js';
import { splitFunction } from '../scalar/split.js';
import { strcat } from '../scalar/strcat.js';
import { strcmp } from '../scalar/strcmp.js';
import { strcatArray } from '../scalar/strcatArray.js';
import { strcatDelim } from '../scalar/strcatDelim.js';
import { stringSize } from '../scalar/stringSize.js';
import { strlen } from '../scalar/strlen.js';
import { strrep } from '../scalar/strrep.js';
import { substring } from '../scalar/substring.js';
import { tolower } from '../scalar/tolower.js';
import { translate } from '../scalar/translate.js';
import { toupper } from '../scalar/toupper.js';
import { trim, trimEnd, trimStart } from '../scalar/trim.js';
import { unicodeCodepointsFromString, unicodeCodepointsToString } from '../scalar/unicodeCodepoints.js';
import type { ScalarFunction } from '../types.js';

/** String functions (the reference's "String functions" and URL functions). */
export const STRING_FUNCTIONS: ScalarFunction[] = [
  parseUrl, strcat, strlen, tolower, toupper,
  countof, extract, extractAll, extractJson, hasAnyIndex, indexof, isascii, parseCommandLine, parsePath,
  replace, replaceRegex, replaceString, reverse, splitFunction, strcatArray, strcatDelim, stringSize, strrep,
  substring, trim, trimEnd, trimStart,
  indexofRegex, isutf8, parseCsv, replaceStrings, strcmp, translate, unicodeCodepointsFromString, unicodeCodepointsToString,
  parseUrlQuery, regexQuote,
];
