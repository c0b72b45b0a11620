/** booking's configuration and its migrations: a flow exported with any version imports. */
import type { NodeDef } from '../red';

export const BOOKING_VERSION = 1;
export const BOOKING_ACTIONS = ['offer', 'hold', 'cancel', 'list'] as const;
export type BookingAction = (typeof BOOKING_ACTIONS)[number];

export interface BookingConfig {
  version: number;
  /** offer: the times left on the chosen day; hold: seats for the citizen (paid: held for payment; free: confirmed); cancel; list. */
  action: BookingAction;
  /** Catalog id of the service booked; empty: the service the citizen chose (msg.service.id). */
  service: string;
  /** hold: the msg property holding the time the citizen chose from an offer (calendars without a time input). */
  time: string;
  /** cancel: the msg property holding the booking number the citizen typed. */
  reference: string;
}

export function migrate(def: NodeDef): BookingConfig {
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback);
  return {
    version: BOOKING_VERSION,
    action: (BOOKING_ACTIONS as readonly string[]).includes(def.action as string) ? (def.action as BookingAction) : 'hold',
    service: str(def.service, ''),
    time: str(def.time, 'answer'),
    reference: str(def.reference, 'session.answers.booking_id'),
  };
}
