/**
 * Classifies MongoDB driver errors into the port's errors. Duplicate keys
 * come in several shapes: code 11000 with keyValue/keyPattern (MongoDB 4.4+),
 * a bulk write error wrapping one (insertMany), or on FerretDB's SQLite
 * backend an 11000 without details or an InternalError quoting SQLite's
 * "UNIQUE constraint failed: index '<collection>_<hash>_<index>'".
 */
import {
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { isPlainObject } from './clone';
import { defaultIndexName } from './index-spec';
import { StoreError, StoreUnavailableError } from './port';

export interface DuplicateDetails {
  index?: string;
  keyValue?: Record<string, unknown>;
  /** insertMany: the position of the document that collided. */
  position?: number;
}

const DUPLICATE_CODES = new Set([11000, 11001]);

/** Details of a duplicate-key error, or null when `err` is something else. */
export function duplicateDetails(err: unknown, collection: string): DuplicateDetails | null {
  if (!(err instanceof Error)) return null;
  const raw = err as Error & { code?: unknown; errmsg?: unknown; keyValue?: unknown; keyPattern?: unknown; writeErrors?: unknown };
  const writeError = firstWriteError(raw.writeErrors);
  const message = [raw.message, raw.errmsg, writeError?.errmsg].filter((m) => typeof m === 'string').join('\n');
  const sqliteIndex = /UNIQUE constraint failed: index '([^']+)'/.exec(message)?.[1];
  const duplicate =
    DUPLICATE_CODES.has(Number(raw.code)) || DUPLICATE_CODES.has(Number(writeError?.code)) || /E11000/.test(message) || sqliteIndex !== undefined;
  if (!duplicate) return null;

  const details: DuplicateDetails = {};
  const keyValue = raw.keyValue ?? writeError?.keyValue;
  if (isPlainObject(keyValue)) details.keyValue = keyValue;
  const keyPattern = raw.keyPattern ?? writeError?.keyPattern;
  const named = /index: (\S+) dup key/.exec(message)?.[1];
  if (named) details.index = named;
  else if (sqliteIndex) details.index = stripSqlitePrefix(sqliteIndex, collection);
  else if (isPlainObject(keyPattern)) details.index = defaultIndexName(keyPattern);
  if (typeof writeError?.index === 'number') details.position = writeError.index;
  return details;
}

interface RawWriteError {
  code?: unknown;
  errmsg?: unknown;
  index?: unknown;
  keyValue?: unknown;
  keyPattern?: unknown;
}

function firstWriteError(writeErrors: unknown): RawWriteError | undefined {
  const first: unknown = Array.isArray(writeErrors) ? writeErrors[0] : writeErrors;
  if (first === null || typeof first !== 'object') return undefined;
  // The driver's WriteError keeps the server's raw error (with keyValue) in `err`.
  const inner = (first as { err?: unknown }).err;
  const rawInner = inner !== null && typeof inner === 'object' ? (inner as RawWriteError) : {};
  const outer = first as RawWriteError;
  return { ...rawInner, code: outer.code ?? rawInner.code, errmsg: outer.errmsg ?? rawInner.errmsg, index: outer.index ?? rawInner.index };
}

/** FerretDB names SQLite indexes `<collection>_<8 hex>_<index name>`. */
function stripSqlitePrefix(sqliteName: string, collection: string): string {
  const match = new RegExp(`^${escapeRegExp(collection)}_[0-9a-f]{8}_(.+)$`).exec(sqliteName);
  return match ? match[1] : sqliteName;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when the server cannot be reached (as opposed to rejecting the operation). */
export function isUnavailable(err: unknown): boolean {
  return (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoTopologyClosedError ||
    err instanceof MongoNotConnectedError
  );
}

/** Any driver error as a port error (duplicates are handled before this). */
export function toStoreError(err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (isUnavailable(err)) return new StoreUnavailableError(`MongoDB is unavailable: ${message}`, { cause: err });
  return new StoreError(message, { cause: err });
}

/** The URI with any password hidden, for messages and logs. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]*)@/, (_m, auth: string) => `//${auth.split(':')[0]}:***@`);
}
