/**
 * The rating a citizen gives a resolved grievance: a list row whose id
 * carries the reference and the stars, so the tap comes back to the platform
 * whatever the citizen did in between.
 */
import { REFERENCE_PATTERN } from './references';

const PREFIX = 'rate.';

export function ratingReplyId(reference: string, stars: number): string {
  return `${PREFIX}${reference}.${stars}`;
}

export function readRatingReply(id: unknown): { reference: string; stars: number } | null {
  if (typeof id !== 'string' || !id.startsWith(PREFIX) || id.length > 60) return null;
  const rest = id.slice(PREFIX.length);
  const dot = rest.lastIndexOf('.');
  const reference = rest.slice(0, dot);
  const stars = Number(rest.slice(dot + 1));
  return dot > 0 && REFERENCE_PATTERN.test(reference) && Number.isInteger(stars) && stars >= 1 && stars <= 5 ? { reference, stars } : null;
}
