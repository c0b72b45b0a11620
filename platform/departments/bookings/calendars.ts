/**
 * The slot calendars of the booking services (flows/catalog/calendars.json), one per catalog
 * service: which of the service's inputs name the place (a temple, an office), the kind
 * (a darshan type, a vehicle class), the date, the number of people and the time; the times of
 * a day, each slot's capacity, the price per person, how long a seat is held for payment, how
 * far ahead one may book, and the refund rules on cancellation. Checked on load against the
 * catalog, so a calendar that names an input the service does not ask for stops start-up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ServiceCatalog } from '../catalog';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const localized = z.object({ en: z.string().min(1).max(60), te: z.string().min(1).max(60) });

const timesSchema = z.record(z.string().regex(/^[a-z0-9_]{1,40}$/), z.string().regex(HHMM, 'HH:MM, 24-hour')).refine((t) => Object.keys(t).length >= 1 && Object.keys(t).length <= 10, 'one to ten times a day (a WhatsApp list holds ten rows)');
const resourceKey = z.string().regex(/^[a-z0-9_ -]{1,80}$/, 'lower-case words, digits, _ and -');

const calendarSchema = z.object({
  /** What the ticket is called: its PDF's title. */
  ticket: localized,
  /** The input naming the place, or several joined with "-" (a route: from and to). */
  resource: z.union([z.string().min(1), z.array(z.string().min(1)).min(2).max(3)]),
  /**
   * The places that can be booked, when they are a fixed set (a bus route): each may have its own
   * times, capacity and distance (for fares by the kilometre). Others are refused. Unset: any place
   * the answers name (a choice from its list, or an office typed).
   */
  resources: z.record(resourceKey, z.object({ title: localized.optional(), times: timesSchema.optional(), capacity: z.number().int().min(1).max(100_000).optional(), km: z.number().min(1).max(5_000).optional() })).optional(),
  /** Words citizens type for a place (each part of a route), as the place's key: "vizag" → "visakhapatnam". */
  aliases: z.record(z.string().min(1).max(40), resourceKey).optional(),
  /** The ticket lists the seat numbers (a bus), not only how many places. */
  seatNumbers: z.boolean().default(false),
  /** Fare per kilometre by variant (default for the rest), for places with a distance; the price is rounded to ₹5. */
  perKmPaise: z.record(z.string(), z.number().int().min(1).max(100_000)).refine((p) => p.default !== undefined, 'needs a default rate').optional(),
  variant: z.string().min(1).nullable(),
  date: z.string().min(1),
  /** The input with the number of people; null: one person (an appointment). */
  units: z.string().min(1).nullable(),
  /** The input the time was chosen in (its list ids are the keys of `times`); null: the booking node offers the times. */
  timeInput: z.string().min(1).nullable(),
  times: timesSchema,
  capacity: z.number().int().min(1).max(100_000),
  maxUnits: z.number().int().min(1).max(20),
  /** Per person, by variant id; `default` for the rest. 0: free (confirmed without payment). */
  pricePaise: z.record(z.string(), z.number().int().min(0).max(10_000_000)).refine((p) => p.default !== undefined, 'needs a default price'),
  /** At least the 15 minutes a gateway link must stay open, plus time to pay. */
  holdMinutes: z.number().int().min(16).max(24 * 60),
  bookAheadDays: z.number().int().min(1).max(365),
  refund: z.object({ fullBeforeHours: z.number().min(0), partialBeforeHours: z.number().min(0), partialPercent: z.number().int().min(0).max(100) }),
});
export type Calendar = z.infer<typeof calendarSchema> & { service: string };

const fileSchema = z.object({ version: z.literal(1), calendars: z.record(z.string(), calendarSchema) });

export class Calendars {
  private constructor(private readonly byService: Map<string, Calendar>) {}

  static fileIn(flowsDir: string): string {
    return path.join(flowsDir, 'catalog', 'calendars.json');
  }

  static load(file: string, catalog: ServiceCatalog): Calendars {
    return Calendars.parse(JSON.parse(fs.readFileSync(file, 'utf8')), catalog, file);
  }

  static parse(json: unknown, catalog: ServiceCatalog, source = 'the calendars file'): Calendars {
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${source} is invalid: ${parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const problems: string[] = [];
    const byService = new Map<string, Calendar>();
    for (const [service, calendar] of Object.entries(parsed.data.calendars)) {
      const found = catalog.service(service);
      if (!found) {
        problems.push(`${service}: not a service of the catalog`);
        continue;
      }
      if (found.service.archetype !== 'booking') problems.push(`${service}: its archetype is ${found.service.archetype}, not booking`);
      const inputs = new Map(found.service.inputs.map((i) => [i.name, i.kind]));
      for (const [role, name] of [...[calendar.resource].flat().map((r) => ['resource', r] as const), ...Object.entries({ variant: calendar.variant, date: calendar.date, units: calendar.units, timeInput: calendar.timeInput })]) {
        if (name !== null && !inputs.has(name)) problems.push(`${service}: ${role} names "${name}", which the service does not ask for`);
      }
      if (calendar.timeInput && calendar.resources && Object.values(calendar.resources).some((r) => r.times)) problems.push(`${service}: places with their own times need the node to offer them (timeInput null)`);
      if (inputs.get(calendar.date) !== 'date') problems.push(`${service}: date names "${calendar.date}", which is not a date input`);
      if (calendar.units && inputs.get(calendar.units) !== 'number') problems.push(`${service}: units names "${calendar.units}", which is not a number input`);
      byService.set(service, { ...calendar, service });
    }
    if (problems.length > 0) throw new Error(`${source}: ${problems.join('; ')}`);
    return new Calendars(byService);
  }

  of(service: string): Calendar | null {
    return this.byService.get(service) ?? null;
  }

  services(): string[] {
    return [...this.byService.keys()];
  }
}

/** India keeps one time all year: a slot's start is its date and time at +05:30. */
export function slotStart(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+05:30`);
}

export { todayInIndia } from '../../india-time';

/** A place's own settings, when the calendar lists its places. */
export function placeOf(calendar: Calendar, resource: string): NonNullable<Calendar['resources']>[string] | null {
  return calendar.resources && Object.hasOwn(calendar.resources, resource) ? calendar.resources[resource]! : null;
}

export const timesOf = (calendar: Calendar, resource: string) => placeOf(calendar, resource)?.times ?? calendar.times;
export const capacityOf = (calendar: Calendar, resource: string) => placeOf(calendar, resource)?.capacity ?? calendar.capacity;

export function pricePerUnit(calendar: Calendar, variant: string | null, resource?: string): number {
  const km = resource ? placeOf(calendar, resource)?.km : undefined;
  if (km && calendar.perKmPaise) {
    const rate = (variant !== null && Object.hasOwn(calendar.perKmPaise, variant) ? calendar.perKmPaise[variant] : undefined) ?? calendar.perKmPaise.default!;
    return Math.max(500, Math.round((km * rate) / 500) * 500);
  }
  return (variant !== null && Object.hasOwn(calendar.pricePaise, variant) ? calendar.pricePaise[variant] : undefined) ?? calendar.pricePaise.default!;
}

/** What is refunded of a confirmed booking cancelled at `now`, by the calendar's rules. */
export function refundOnCancel(calendar: Calendar, amountPaise: number, start: Date, now: Date): number {
  const hoursBefore = (start.getTime() - now.getTime()) / 3_600_000;
  if (hoursBefore <= 0) return 0;
  if (hoursBefore >= calendar.refund.fullBeforeHours) return amountPaise;
  if (hoursBefore >= calendar.refund.partialBeforeHours) return Math.floor((amountPaise * calendar.refund.partialPercent) / 100);
  return 0;
}
