/**
 * One record per line: `<crc32 hex> <canonical EJSON>\n`. EJSON keeps Dates
 * (and other BSON types) intact across a restart; the checksum tells a torn or
 * half-flushed line (a crash mid-append) from a complete one, even when the
 * filesystem left zeros or stale bytes that happen to parse.
 */
import { crc32 } from 'node:zlib';
import { fromEjson, toCanonicalEjson } from './ejson';

export function encodeLine(value: unknown): string {
  const json = toCanonicalEjson(value);
  return `${checksum(json)} ${json}\n`;
}

/** The record on a line, or undefined when the line is damaged. */
export function decodeLine(line: string): unknown {
  const space = line.indexOf(' ');
  if (space !== 8) return undefined;
  const json = line.slice(9);
  if (line.slice(0, 8) !== checksum(json)) return undefined;
  try {
    return fromEjson(json);
  } catch {
    return undefined;
  }
}

function checksum(text: string): string {
  return crc32(text).toString(16).padStart(8, '0');
}
