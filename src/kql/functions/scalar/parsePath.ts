import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]+):\/\//;
/** Windows long-path and device prefixes (\\?\, \\.\): kept in DirectoryPath, skipped to find the drive. */
const DEVICE = /^[\\/]{2}[?.][\\/]/;
const DRIVE = /^[A-Za-z]:/;

function lastSeparator(s: string): number {
  return Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
}

/**
 * parse_path(path) → {Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension,
 * AlternateDataStreamName}, matching the reference's examples (forward and back slashes, file://,
 * UNC shares, \\?\ long paths, "file.exe:stream"). Where they are silent: a file directly under a
 * root keeps the root's separator in DirectoryPath ("C:\"), and DirectoryName is then "".
 */
export function parsePathValue(path: string): Record<string, string> {
  const scheme = SCHEME.exec(path);
  const rest = scheme ? path.slice(scheme[0].length) : path;
  const device = DEVICE.exec(rest);
  const afterDevice = device ? rest.slice(device[0].length) : rest;
  const drive = DRIVE.exec(afterDevice);
  const root = drive ? drive[0] : '';
  const sep = lastSeparator(rest);
  let directory = sep >= 0 ? rest.slice(0, sep) : '';
  const rootEnd = (device ? device[0].length : 0) + root.length;
  if (sep >= 0 && sep <= rootEnd) directory = rest.slice(0, sep + 1);
  let last = sep >= 0 ? rest.slice(sep + 1) : rest;
  if (sep < 0 && root) last = rest.slice(rootEnd);
  const names = directory.slice(rootEnd).split(/[\\/]/).filter((n) => n !== '');
  const directoryName = sep > rootEnd ? (names[names.length - 1] ?? '') : '';
  const colon = last.indexOf(':');
  const filename = colon >= 0 ? last.slice(0, colon) : last;
  const dot = filename.lastIndexOf('.');
  return {
    Scheme: scheme ? scheme[1] : '',
    RootPath: root,
    DirectoryPath: directory,
    DirectoryName: directoryName,
    Filename: filename,
    Extension: dot >= 0 ? filename.slice(dot + 1) : '',
    AlternateDataStreamName: colon >= 0 ? last.slice(colon + 1) : '',
  };
}

export const parsePath: ScalarFunction = {
  names: ['parse_path'],
  compile: ([value]) => map1('dynamic', value, (v) => parsePathValue(toKqlString(v, value.type))),
};
