/**
 * The journal's encoder writes plain documents itself: its text must be the
 * very text bson writes, byte for byte, or a journal written by one version
 * would read differently in the next.
 */
import { BSON } from 'mongodb';
import { fromEjson, toCanonicalEjson } from '../../platform/store/ejson';

const bson = (value: unknown) => BSON.EJSON.stringify(value, { relaxed: false });

/** A small seeded generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NUMBERS = [0, -0, 1, -1, 0.5, -2.25, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, 2 ** 63, -(2 ** 63), 1e21, 1e-7, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE];
const STRINGS = ['', 'hi', 'తెలుగు', 'quote " and \\ slash', 'line\nbreak\ttab', '\u0000\u001f', '\ud800 lone', '😀', '$date', '__proto__'];
const DATES = [new Date(0), new Date(1_700_000_000_123), new Date(-86_400_000), new Date(253402300800000), new Date(Number.NaN)];

function value(rand: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const kind = Math.floor(rand() * (depth > 4 ? 6 : 9));
  switch (kind) {
    case 0:
      return pick(NUMBERS);
    case 1:
      return Math.round((rand() - 0.5) * 1e6) / (rand() < 0.5 ? 1 : 7);
    case 2:
      return pick(STRINGS);
    case 3:
      return rand() < 0.5;
    case 4:
      return rand() < 0.5 ? null : undefined;
    case 5:
      return pick(DATES);
    case 6:
      return Array.from({ length: Math.floor(rand() * 4) }, () => value(rand, depth + 1));
    default: {
      const out: Record<string, unknown> = rand() < 0.1 ? Object.create(null) : {};
      const keys = Math.floor(rand() * 5);
      for (let i = 0; i < keys; i++) out[rand() < 0.2 ? String(Math.floor(rand() * 10)) : pick(['a', 'b', 'status', 'ఫోన్', '_id', 'x.y'])] = value(rand, depth + 1);
      return out;
    }
  }
}

describe('canonical Extended JSON for the journal', () => {
  test('writes what bson writes, for 5,000 generated documents', () => {
    const rand = random(20261203);
    for (let i = 0; i < 5000; i++) {
      const doc = { _id: `doc-${i}`, v: value(rand, 0), w: value(rand, 0) };
      expect(toCanonicalEjson(doc)).toBe(bson(doc));
    }
  });

  test('edge values: signed zero, non-finite numbers, 64-bit edges, dates out of range, odd keys', () => {
    const doc: Record<string, unknown> = { n: NUMBERS, s: STRINGS, d: DATES, nested: { '2': 1, '1': [[], {}], b: { c: { d: [null, undefined] } } } };
    Object.defineProperty(doc, '__proto__', { value: { shadow: 1 }, enumerable: true, configurable: true, writable: true });
    expect(toCanonicalEjson(doc)).toBe(bson(doc));
    expect(toCanonicalEjson(-0)).toBe('{"$numberDouble":"-0.0"}');
  });

  test('values only bson can write go to bson whole', () => {
    const doc = { id: new BSON.ObjectId('64b7f0a1c2d3e4f5a6b7c8d9'), long: BSON.Long.fromString('9007199254740993'), bin: Buffer.from('ab'), re: /a+/i, big: 12n, map: new Map([['k', 1]]) };
    expect(toCanonicalEjson(doc)).toBe(bson(doc));
    const round = fromEjson(toCanonicalEjson(doc)) as Record<string, unknown>;
    expect(String(round.id)).toBe('64b7f0a1c2d3e4f5a6b7c8d9');
  });

  test('nesting deeper than any stored document is left to bson', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 150; i++) deep = { d: deep };
    expect(toCanonicalEjson(deep)).toBe(bson(deep));
  });

  test('a cycle is refused, as bson refuses it', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => toCanonicalEjson(cyclic)).toThrow(/circular/i);
  });
});
