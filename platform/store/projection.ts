import { find } from 'mingo';
import type { Document, Projection } from './port';

/**
 * MongoDB projection of one document. Mingo's exclusion projection deletes
 * from nested objects in place, so pass a document you own, never a stored one.
 */
export function project(doc: Document, projection: Projection | undefined): Document {
  if (!projection || Object.keys(projection).length === 0) return doc;
  const [projected] = find([doc], {}, projection).all() as Document[];
  if (!('_id' in projected)) return projected;
  // MongoDB returns _id first; mingo appends it.
  const { _id, ...fields } = projected;
  return { _id, ...fields };
}
