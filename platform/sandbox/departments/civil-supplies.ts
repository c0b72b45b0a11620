/**
 * The Civil Supplies department's backend, simulated: ration cards, this
 * month's entitlement, its distribution at the fair price shop and the
 * household's e-KYC, as the department's own
 * API would answer. Cards are made up from their number, so any well-formed
 * number is a household: 10 digits starting with 28 (Andhra Pradesh's state
 * code). Numbers ending in 0000 belong to no one (404 CARD_NOT_FOUND).
 *
 * Test residents, to exercise retries and the breaker:
 *   289999503x  always answers 503;
 *   289999429x  answers 429 with Retry-After: 1 on the first call of each minute, then as usual;
 *   289999504x  answers only after 15 s (past any sane timeout).
 */
import { createHash } from 'node:crypto';
import express, { type Router } from 'express';

const CARD = /^28\d{8}$/;
const CARD_TYPES = ['AAY', 'PHH', 'PHH', 'PHH', 'NPHH'] as const;
const NAMES = ['Lakshmi', 'Venkata Ramana', 'Padma', 'Srinivasa Rao', 'Sita', 'Nagarjuna', 'Kavitha', 'Suresh', 'Anjali', 'Ravi'];
const ITEMS = {
  rice: { en: 'Rice', te: 'బియ్యం' },
  sugar: { en: 'Sugar', te: 'చక్కెర' },
  red_gram: { en: 'Red gram dal', te: 'కందిపప్పు' },
  ragi: { en: 'Ragi', te: 'రాగులు' },
} as const;
const KG = { en: 'kg', te: 'కిలోలు' } as const;

export interface Household {
  card: string;
  type: (typeof CARD_TYPES)[number];
  head: string;
  members: number;
  shop: string;
  district: string;
}

const DISTRICTS = ['NTR', 'Guntur', 'Krishna', 'Visakhapatnam', 'Anantapuramu', 'Kurnool', 'Nellore', 'East Godavari'];

/** The household behind a card number (exported for tests that need a card of a kind). */
export function household(card: string): Household {
  const h = createHash('sha256').update(card).digest();
  return {
    card,
    type: CARD_TYPES[h[0]! % CARD_TYPES.length]!,
    head: NAMES[h[1]! % NAMES.length]!,
    members: 1 + (h[2]! % 6),
    shop: `FPS ${1000 + (h.readUInt16BE(3) % 9000)}`,
    district: DISTRICTS[h[5]! % DISTRICTS.length]!,
  };
}

/** The National Food Security Act's scale as AP applies it: 35 kg a household for AAY, 5 kg a member for PHH; none for NPHH. */
function entitlement(home: Household, lang: 'en' | 'te') {
  const name = (item: keyof typeof ITEMS) => ITEMS[item][lang];
  const items: Array<{ item: string; name: string; quantity: number; unit: string }> = [];
  const add = (item: keyof typeof ITEMS, quantity: number) => quantity > 0 && items.push({ item, name: name(item), quantity, unit: KG[lang] });
  if (home.type === 'AAY') add('rice', 35);
  if (home.type === 'PHH') add('rice', 5 * home.members);
  if (home.type !== 'NPHH') {
    add('sugar', home.type === 'AAY' ? 1 : 0.5);
    add('red_gram', 1);
    if (home.members >= 4) add('ragi', 2);
  }
  return items;
}

export function civilSuppliesRouter(now: () => Date = () => new Date()): Router {
  const router = express.Router();
  const rateLimited = new Map<string, number>();


  /** Validates the card, plays the test residents, and finds the household. */
  router.param('card', (req, res, next, card: string) => {
    if (!CARD.test(card)) {
      res.status(422).json({ error: { code: 'INVALID_CARD_NUMBER', message: 'A ration card number has 10 digits and starts with 28' } });
      return;
    }
    if (card.startsWith('289999503')) {
      res.status(503).json({ error: { code: 'MAINTENANCE', message: 'ePDS is under maintenance' } });
      return;
    }
    if (card.startsWith('289999429')) {
      const minute = Math.floor(now().getTime() / 60_000);
      if (rateLimited.get(card) !== minute) {
        rateLimited.set(card, minute);
        res.status(429).set('Retry-After', '1').json({ error: { code: 'RATE_LIMITED', message: 'Too many requests' } });
        return;
      }
    }
    if (card.startsWith('289999504')) {
      setTimeout(() => next(), 15_000).unref();
      return;
    }
    if (card.endsWith('0000')) {
      res.status(404).json({ error: { code: 'CARD_NOT_FOUND', message: `No ration card ${card}` } });
      return;
    }
    next();
  });

  const langOf = (req: express.Request): 'en' | 'te' => (String(req.query.lang ?? '').toLowerCase().startsWith('te') ? 'te' : 'en');
  const month = (req: express.Request) => (typeof req.query.month === 'string' && /^\d{4}-\d{2}$/.test(req.query.month) ? req.query.month : now().toISOString().slice(0, 7));

  router.get('/ration-cards/:card', (req, res) => {
    const home = household(String(req.params.card));
    res.json({ card: home.card, type: home.type, status: 'ACTIVE', head_of_family: home.head, members: home.members, fair_price_shop: home.shop, district: home.district });
  });

  router.get('/entitlements/:card', (req, res) => {
    const home = household(String(req.params.card));
    const lang = langOf(req);
    const m = month(req);
    // The month as the department writes it for citizens, in their language.
    const label = new Intl.DateTimeFormat(lang === 'te' ? 'te-IN' : 'en-IN', { month: 'long', year: 'numeric', timeZone: 'Asia/Kolkata' }).format(new Date(`${m}-15T00:00:00Z`));
    res.json({ card: home.card, type: home.type, month: m, month_label: label, members: home.members, items: entitlement(home, lang) });
  });

  router.get('/distribution/:card', (req, res) => {
    const home = household(String(req.params.card));
    const m = month(req);
    // Collected in the first half of the month by most households; the rest still pending. A day
    // still to come this month is not a collection yet.
    const day = `${m}-${String(3 + (Number(home.card.slice(-2)) % 12)).padStart(2, '0')}`;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(now());
    const collected = createHash('sha256').update(`${home.card}/${m}`).digest()[0]! % 3 !== 0 && day <= today;
    res.json({ card: home.card, month: m, status: collected ? 'COLLECTED' : 'PENDING', fair_price_shop: home.shop, ...(collected ? { collected_on: day } : {}) });
  });

  router.get('/ration-cards/:card/ekyc', (req, res) => {
    const home = household(String(req.params.card));
    // Most households have finished e-KYC for everyone; some still have members to go to the shop's e-PoS.
    const done = Math.max(0, home.members - (createHash('sha256').update(`${home.card}/ekyc`).digest()[0]! % 3));
    res.json({ card: home.card, members: home.members, completed: done, status: done === home.members ? 'COMPLETE' : 'PENDING', fair_price_shop: home.shop });
  });

  return router;
}
