/**
 * A campaign's audience from an uploaded CSV: one row per citizen, a phone
 * column (`phone`, `wa_id`, `mobile` or `number`) and any other columns as the
 * row's fields, which the template's parameters may use. Rows whose number is
 * not a phone number (the platform's one phone rule; a 10-digit Indian mobile,
 * or one written with its 0, is that mobile with 91) are reported with their
 * line and not sent; a number twice is sent once (the first row's fields).
 * Parsed with csv-parse (quotes, embedded commas and newlines, a BOM).
 */
import { parse } from 'csv-parse/sync';
import { phoneFromAnswer, PHONE_RULE } from '../citizens/identity';

export interface AudienceRow {
  waId: string;
  fields: Record<string, string>;
  /** The number that sends to this citizen (a directory audience: the one they subscribed on); else spread over the senders. */
  sender?: string;
}

export interface AudienceProblem {
  /** 1-based line of the CSV (the header is line 1). */
  line: number;
  reason: string;
}

export interface ParsedAudience {
  rows: AudienceRow[];
  problems: AudienceProblem[];
  duplicates: number;
}

const PHONE_COLUMNS = ['phone', 'wa_id', 'mobile', 'number'];
/** A campaign's CSV may hold a crore of rows in production through the API in parts; one upload stays bounded. */
export const MAX_AUDIENCE_ROWS = 200_000;
const MAX_FIELD_CHARS = 1024;

export class AudienceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AudienceError';
  }
}

export function parseAudienceCsv(csv: string): ParsedAudience {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, max_record_size: 64 * 1024 }) as string[][];
  } catch (err) {
    throw new AudienceError(`the CSV cannot be read: ${(err as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new AudienceError('the CSV is empty: its first line names the columns, one of them phone');
  const columns = header.map((c) => c.trim().toLowerCase());
  if (!columns.some((c) => PHONE_COLUMNS.includes(c))) throw new AudienceError(`the CSV has no phone column: name one of ${PHONE_COLUMNS.join(', ')}`);
  // Each record as the row a flow would give: one reading of numbers and duplicates for both.
  return audienceFromRows(body.map((record) => Object.fromEntries(columns.map((name, at) => [name, record[at] ?? '']).filter(([name]) => name !== ''))));
}

/**
 * An audience a flow gives as rows (objects with a phone column, as the CSV's): the same rules as a
 * CSV's, a row's line being its index + 2 (as if the first row were a header).
 */
export function audienceFromRows(rows: readonly unknown[]): ParsedAudience {
  if (rows.length > MAX_AUDIENCE_ROWS) throw new AudienceError(`${rows.length} rows; one campaign takes at most ${MAX_AUDIENCE_ROWS}`);
  const out: AudienceRow[] = [];
  const problems: AudienceProblem[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  rows.forEach((row, i) => {
    const line = i + 2;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return void problems.push({ line, reason: 'a row is an object of fields, one of them phone' });
    const entries = Object.entries(row as Record<string, unknown>).map(([k, v]) => [k.trim().toLowerCase(), v] as const);
    const phone = entries.find(([k]) => PHONE_COLUMNS.includes(k));
    const value = phone?.[1];
    const waId = typeof value === 'string' || typeof value === 'number' ? phoneFromAnswer(String(value)) : null;
    if (!waId) return void problems.push({ line, reason: `not a phone number: ${PHONE_RULE}` });
    if (seen.has(waId)) return void duplicates++;
    seen.add(waId);
    const fields: Record<string, string> = {};
    for (const [k, v] of entries) if (k !== phone![0] && v !== undefined && v !== null && typeof v !== 'object') fields[k] = String(v).slice(0, MAX_FIELD_CHARS);
    out.push({ waId, fields });
  });
  return { rows: out, problems, duplicates };
}
