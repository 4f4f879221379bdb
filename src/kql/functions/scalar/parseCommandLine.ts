import { errorAt, RUNTIME } from '../../errors.js';
import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const isBlank = (c: string) => c === ' ' || c === '\t';

/**
 * A command line split as CommandLineToArgvW does. The program name (first argument) ends at
 * the first blank, or is everything between a leading pair of quotes, with backslashes literal.
 * Then: blanks separate arguments outside quotes; 2n backslashes before a quote give n
 * backslashes and the quote toggles quoting; 2n+1 give n backslashes and a literal quote; other
 * backslashes are literal; inside quotes "" is a literal quote. Leading blanks are skipped and an
 * empty command line gives [] (CommandLineToArgvW would return the caller's own path).
 */
export function windowsArgv(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n && isBlank(line[i])) i++;
  if (i >= n) return args;
  let program = '';
  if (line[i] === '"') {
    i++;
    while (i < n && line[i] !== '"') program += line[i++];
    if (i < n) i++;
    while (i < n && !isBlank(line[i])) program += line[i++];
  } else {
    while (i < n && !isBlank(line[i])) program += line[i++];
  }
  args.push(program);
  for (;;) {
    while (i < n && isBlank(line[i])) i++;
    if (i >= n) return args;
    let arg = '';
    let quoted = false;
    while (i < n && (quoted || !isBlank(line[i]))) {
      const c = line[i];
      if (c === '\\') {
        let slashes = 0;
        while (i < n && line[i] === '\\') {
          slashes++;
          i++;
        }
        if (line[i] === '"') {
          arg += '\\'.repeat(slashes >> 1);
          if (slashes % 2 === 1) {
            arg += '"';
            i++;
          }
        } else arg += '\\'.repeat(slashes);
      } else if (c === '"') {
        if (quoted && line[i + 1] === '"') {
          arg += '"';
          i += 2;
        } else {
          quoted = !quoted;
          i++;
        }
      } else {
        arg += c;
        i++;
      }
    }
    args.push(arg);
  }
}

/** parse_command_line(command, parser): the arguments as a dynamic array; parser must be "windows". */
export const parseCommandLine: ScalarFunction = {
  names: ['parse_command_line'],
  compile: (args, call) => {
    const [command, parser] = args;
    const bad = (p: unknown) => toKqlString(p, parser.type).toLowerCase() !== 'windows';
    if (parser.constant && bad(parser.constant.value))
      throw errorAt(call.cx.text, call.argNodes[1].TextStart, RUNTIME, 'parse_command_line(): the only parser is "windows"');
    const ct = command.type;
    return mapN('dynamic', args, ([c, p]) => (bad(p) ? null : windowsArgv(toKqlString(c, ct))));
  },
};
