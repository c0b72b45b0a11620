/**
 * The slice of a pino logger the store uses. The store only ever logs an
 * object plus a message, so any pino logger (or a test double) fits.
 */
export interface StoreLogger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

export const silentLogger: StoreLogger = {
  info() {},
  warn() {},
  error() {},
};
