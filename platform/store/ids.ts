import { ObjectId } from 'mongodb';

/** A fresh `_id`: an ObjectId's 24-hex form, so ids look alike on both engines. */
export function newId(): string {
  return new ObjectId().toHexString();
}
