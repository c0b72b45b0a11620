import { randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';

/** A fresh `_id`: an ObjectId's 24-hex form, so ids look alike on both engines. */
export function newId(): string {
  return new ObjectId().toHexString();
}

/** Crockford base32: nothing a citizen confuses when they read it out (0/O, 1/I/L). */
const READABLE = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** An id citizens read and type, e.g. BK-7K2M9QX4TB: the prefix and 10 random characters (50 bits). */
export function readableId(prefix: string): string {
  return `${prefix}-${[...randomBytes(10)].map((b) => READABLE[b & 31]).join('')}`;
}
