/**
 * A fast path for the filters the platform issues most: equality and
 * comparisons on scalar fields ($eq $ne $in $nin $lt $lte $gt $gte $exists),
 * combined with $and/$or. Mingo builds its operator tables on every `new
 * Query` (tens of µs, the hottest cost of the embedded engine under load),
 * while these need none of it.
 *
 * It follows MongoDB's semantics for what it accepts: a missing field equals
 * null, an array of scalars matches when an element does (and $ne/$nin when
 * none does), values of different types never compare. Whatever it does not
 * know (nested documents, regexes, arrays of documents, other operators) it
 * leaves to mingo, per filter at compile time or per document at match time.
 */
import { isPlainObject } from './clone';
import type { Filter } from './port';

type Scalar = string | number | boolean | null | Date;
type Test = (doc: Record<string, unknown>) => boolean | undefined;

const OPERATORS = new Set(['$eq', '$ne', '$in', '$nin', '$lt', '$lte', '$gt', '$gte', '$exists']);

/** A matcher, or undefined when the filter needs mingo. The matcher returns undefined for a document it cannot judge. */
export function compileSimpleFilter(filter: Filter): Test | undefined {
  if (!isPlainObject(filter)) return undefined;
  const tests: Test[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition) || condition.length === 0) return undefined;
      const parts = condition.map((c) => compileSimpleFilter(c as Filter));
      if (parts.some((p) => p === undefined)) return undefined;
      tests.push(key === '$and' ? all(parts as Test[]) : any(parts as Test[]));
      continue;
    }
    if (key.startsWith('$') || key.split('.').some((p) => p === '' || /^\d+$/.test(p))) return undefined;
    const test = fieldTest(key.split('.'), condition);
    if (!test) return undefined;
    tests.push(test);
  }
  return all(tests);
}

function all(tests: Test[]): Test {
  return (doc) => {
    let unsure = false;
    for (const test of tests) {
      const r = test(doc);
      if (r === false) return false;
      if (r === undefined) unsure = true;
    }
    return unsure ? undefined : true;
  };
}

function any(tests: Test[]): Test {
  return (doc) => {
    let unsure = false;
    for (const test of tests) {
      const r = test(doc);
      if (r === true) return true;
      if (r === undefined) unsure = true;
    }
    return unsure ? undefined : false;
  };
}

function fieldTest(path: string[], condition: unknown): Test | undefined {
  if (isScalar(condition)) return valueTest(path, (values) => values.some((v) => equals(v, condition)));
  if (!isPlainObject(condition)) return undefined;
  const ops = Object.entries(condition);
  if (ops.length === 0 || ops.some(([op]) => !OPERATORS.has(op))) return undefined;
  const checks: Array<(values: Scalar[], present: boolean) => boolean> = [];
  for (const [op, operand] of ops) {
    if (op === '$exists') {
      if (typeof operand !== 'boolean') return undefined;
      checks.push((_values, present) => present === operand);
    } else if (op === '$in' || op === '$nin') {
      if (!Array.isArray(operand) || !operand.every(isScalar)) return undefined;
      const among = (values: Scalar[]) => values.some((v) => operand.some((o) => equals(v, o as Scalar)));
      checks.push(op === '$in' ? among : (values) => !among(values));
    } else {
      if (!isScalar(operand)) return undefined;
      const o = operand;
      if (op === '$eq') checks.push((values) => values.some((v) => equals(v, o)));
      else if (op === '$ne') checks.push((values) => !values.some((v) => equals(v, o)));
      else {
        // null and booleans in range queries have their own MongoDB rules: leave them to mingo.
        if (o === null || typeof o === 'boolean') return undefined;
        const ok = op === '$lt' ? (c: number) => c < 0 : op === '$lte' ? (c: number) => c <= 0 : op === '$gt' ? (c: number) => c > 0 : (c: number) => c >= 0;
        checks.push((values) => values.some((v) => {
          const c = compare(v, o);
          return c !== undefined && ok(c);
        }));
      }
    }
  }
  return valueTest(path, (values, present) => checks.every((check) => check(values, present)));
}

/**
 * Resolves the path to the values a condition sees: [] or [null] for missing,
 * the elements of an array of scalars plus nothing else; undefined when the
 * document holds something only mingo can judge.
 */
function valueTest(path: string[], check: (values: Scalar[], present: boolean) => boolean): Test {
  return (doc) => {
    let current: unknown = doc;
    for (const part of path) {
      // Under a missing or non-document parent the field is missing.
      if (current === undefined || current === null) return check([null], false);
      if (!isPlainObject(current)) return current instanceof Date || typeof current !== 'object' ? check([null], false) : undefined;
      current = (current as Record<string, unknown>)[part];
    }
    if (current === undefined) return check([null], false);
    if (Array.isArray(current)) {
      if (!current.every(isScalar)) return undefined;
      // An empty array equals no scalar; MongoDB would also match [] itself, which no scalar condition names.
      return check(current as Scalar[], true);
    }
    if (isScalar(current)) return check([current], true);
    // A nested document: equal to no scalar, present.
    if (isPlainObject(current)) return check([], true);
    return undefined;
  };
}

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value)) || value instanceof Date;
}

function equals(a: Scalar, b: Scalar): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  return a === b;
}

/** Same-type comparison (numbers, strings, dates); undefined across types, as MongoDB's brackets never meet. */
function compare(a: Scalar, b: Scalar): number | undefined {
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}
