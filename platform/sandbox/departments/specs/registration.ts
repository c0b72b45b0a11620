/**
 * The Registration and Stamps department's backend (IGRS), simulated:
 * encumbrance certificates, the government market value of land and sites,
 * the stamp duty on a deed, whether a registered document is ready to
 * collect at its Sub-Registrar office (SRO), and what the SROs and District
 * Registrars take in: certified copies, marriages, partnership firms,
 * societies and complaints. Callers send an API key (X-API-Key).
 *
 * Records are made up from what is asked for, the same every time: any
 * property (survey no. 123/2A, door no. 12-3-45), document number (up to 6
 * digits, 4521) or document type is a record; keys ending 00000 belong to
 * no one (404). Test residents (keys ending 99503, 99429, 99504; names
 * "Test Down/Busy/Slow") are played by the desk runtime.
 */
import { addDays, daysBetween, isDate, num, param, same, str } from '../desk/fields';
import { ddmmyyyy, indianGrouping } from '../desk/picker';
import { DISTRICTS, HEADQUARTERS } from '../desk/places';
import { refusal, type DeskRecord, type DeskSpec, type Localized, type LookupContext, type Refusal } from '../desk/spec';

/** Districts around the big towns, where land and sites cost more. */
const DEAR = new Set(['visakhapatnam', 'ntr', 'guntur', 'krishna', 'tirupati', 'nellore', 'east_godavari', 'kakinada']);

/** SROs and their district, when the caller names none. */
const SROS: Array<{ district: string; sro: Localized; mandal: Localized; village: Localized }> = [
  { district: 'ntr', sro: { en: 'Patamata', te: 'పటమట' }, mandal: { en: 'Vijayawada Rural', te: 'విజయవాడ రూరల్' }, village: { en: 'Enikepadu', te: 'ఎనికేపాడు' } },
  { district: 'ntr', sro: { en: 'Gandhinagar', te: 'గాంధీనగర్' }, mandal: { en: 'Ibrahimpatnam', te: 'ఇబ్రహీంపట్నం' }, village: { en: 'Guntupalli', te: 'గుంటుపల్లి' } },
  { district: 'guntur', sro: { en: 'Tenali', te: 'తెనాలి' }, mandal: { en: 'Tenali', te: 'తెనాలి' }, village: { en: 'Kolakaluru', te: 'కొలకలూరు' } },
  { district: 'guntur', sro: { en: 'Mangalagiri', te: 'మంగళగిరి' }, mandal: { en: 'Mangalagiri', te: 'మంగళగిరి' }, village: { en: 'Nidamarru', te: 'నిడమర్రు' } },
  { district: 'visakhapatnam', sro: { en: 'Madhurawada', te: 'మధురవాడ' }, mandal: { en: 'Visakhapatnam Rural', te: 'విశాఖపట్నం రూరల్' }, village: { en: 'Madhurawada', te: 'మధురవాడ' } },
  { district: 'nellore', sro: { en: 'Kovur', te: 'కోవూరు' }, mandal: { en: 'Kovur', te: 'కోవూరు' }, village: { en: 'Kovur', te: 'కోవూరు' } },
  { district: 'kurnool', sro: { en: 'Kurnool', te: 'కర్నూలు' }, mandal: { en: 'Orvakal', te: 'ఓర్వకల్లు' }, village: { en: 'Orvakal', te: 'ఓర్వకల్లు' } },
  { district: 'tirupati', sro: { en: 'Tirupati Rural', te: 'తిరుపతి రూరల్' }, mandal: { en: 'Tirupati Rural', te: 'తిరుపతి రూరల్' }, village: { en: 'Tiruchanur', te: 'తిరుచానూరు' } },
  { district: 'east_godavari', sro: { en: 'Rajamahendravaram', te: 'రాజమహేంద్రవరం' }, mandal: { en: 'Kadiyam', te: 'కడియం' }, village: { en: 'Kadiyam', te: 'కడియం' } },
  { district: 'prakasam', sro: { en: 'Ongole', te: 'ఒంగోలు' }, mandal: { en: 'Ongole', te: 'ఒంగోలు' }, village: { en: 'Pernamitta', te: 'పేర్నమిట్ట' } },
  { district: 'anantapuramu', sro: { en: 'Anantapuramu', te: 'అనంతపురం' }, mandal: { en: 'Rapthadu', te: 'రాప్తాడు' }, village: { en: 'Rapthadu', te: 'రాప్తాడు' } },
  { district: 'ysr_kadapa', sro: { en: 'Kadapa', te: 'కడప' }, mandal: { en: 'Pendlimarri', te: 'పెండ్లిమర్రి' }, village: { en: 'Pendlimarri', te: 'పెండ్లిమర్రి' } },
];

const DOCUMENT_TYPES: Record<string, Localized> = {
  sale: { en: 'Sale deed', te: 'విక్రయ దస్తావేజు' },
  gift_family: { en: 'Gift deed (family)', te: 'దాన పత్రం (కుటుంబం)' },
  gift_others: { en: 'Gift deed (others)', te: 'దాన పత్రం (ఇతరులు)' },
  partition_family: { en: 'Partition (family)', te: 'భాగ పంపిణీ (కుటుంబం)' },
  release_family: { en: 'Release deed (family)', te: 'హక్కు విడుదల (కుటుంబం)' },
  agreement_of_sale: { en: 'Agreement of sale', te: 'అమ్మకపు ఒప్పందం' },
  development_agreement: { en: 'Development agreement', te: 'డెవలప్‌మెంట్ ఒప్పందం' },
  gpa: { en: 'GPA (power of attorney)', te: 'జనరల్ పవర్ ఆఫ్ అటార్నీ' },
  mortgage: { en: 'Mortgage deed', te: 'తనఖా దస్తావేజు' },
  lease: { en: 'Lease deed', te: 'లీజు దస్తావేజు' },
  exchange: { en: 'Exchange deed', te: 'మార్పిడి దస్తావేజు' },
};

const AREAS: Record<string, { label: Localized; dutyTo: Localized }> = {
  urban: { label: { en: 'Urban area', te: 'పట్టణ ప్రాంతం' }, dutyTo: { en: 'the municipality', te: 'పురపాలక సంస్థకు' } },
  rural: { label: { en: 'Rural area', te: 'గ్రామీణ ప్రాంతం' }, dutyTo: { en: 'the gram panchayat', te: 'గ్రామ పంచాయతీకి' } },
};

const COMPLAINTS = ['delay', 'money_demanded', 'document_not_returned', 'error_in_document', 'ec_wrong', 'slot_not_honoured', 'challan_not_reflected', 'market_value', 'staff_behaviour', 'touts', 'server_down', 'other'];

/**
 * Stamp duty, transfer duty and registration fee, in per cent of the value,
 * as the department's table has them (registration fee with its floor and
 * ceiling, or a flat fee).
 */
interface Duty {
  sd: number;
  td: number;
  rf: number;
  rfMin?: number;
  rfMax?: number;
  rfFlat?: number;
  note: Localized;
}
const FAMILY_CAP: Localized = {
  en: 'The registration fee is at least ₹1,000 and at most ₹10,000.',
  te: 'రిజిస్ట్రేషన్ ఫీజు కనీసం ₹1,000, గరిష్ఠం ₹10,000.',
};
const DUTIES: Record<string, Duty> = {
  sale: {
    sd: 5, td: 1.5, rf: 1,
    note: { en: 'Duty is on the sale price or the government market value, whichever is higher.', te: 'విక్రయ ధర లేదా ప్రభుత్వ మార్కెట్ విలువ, ఏది ఎక్కువైతే దానిపై సుంకం లెక్కిస్తారు.' },
  },
  gift_family: {
    sd: 2, td: 1.5, rf: 0.5, rfMin: 1000, rfMax: 10_000,
    note: {
      en: `Family means spouse, children, grandchildren, parents, brothers and sisters. ${FAMILY_CAP.en}`,
      te: `కుటుంబం అంటే భార్య/భర్త, పిల్లలు, మనవలు, తల్లిదండ్రులు, అన్నదమ్ములు, అక్కచెల్లెళ్లు. ${FAMILY_CAP.te}`,
    },
  },
  gift_others: {
    sd: 5, td: 1.5, rf: 0.5, rfMin: 1000, rfMax: 10_000,
    note: { en: `Duty is on the market value of the property. ${FAMILY_CAP.en}`, te: `ఆస్తి మార్కెట్ విలువపై సుంకం లెక్కిస్తారు. ${FAMILY_CAP.te}` },
  },
  partition_family: {
    sd: 1, td: 0, rf: 0, rfFlat: 1000,
    note: { en: 'Stamp duty is on the value of the separated shares; the registration fee is a flat ₹1,000.', te: 'విడిపోయిన వాటాల విలువపై స్టాంపు డ్యూటీ; రిజిస్ట్రేషన్ ఫీజు ₹1,000 మాత్రమే.' },
  },
  release_family: {
    sd: 1, td: 0, rf: 0.5, rfMin: 1000, rfMax: 10_000,
    note: { en: `Duty is on the value of the share released. ${FAMILY_CAP.en}`, te: `విడుదల చేసిన వాటా విలువపై సుంకం. ${FAMILY_CAP.te}` },
  },
  agreement_of_sale: {
    sd: 5, td: 0, rf: 0.5, rfMin: 1000, rfMax: 20_000,
    note: {
      en: 'With possession: the stamp duty paid now is adjusted when the sale deed is registered. The registration fee is at most ₹20,000.',
      te: 'స్వాధీనంతో కూడిన ఒప్పందం: ఇప్పుడు చెల్లించే స్టాంపు డ్యూటీని విక్రయ దస్తావేజు రిజిస్ట్రేషన్‌లో సర్దుబాటు చేస్తారు. రిజిస్ట్రేషన్ ఫీజు గరిష్ఠం ₹20,000.',
    },
  },
  development_agreement: {
    sd: 1, td: 0, rf: 0.5, rfMin: 1000, rfMax: 20_000,
    note: { en: 'Development agreement-cum-GPA with the builder. The registration fee is at most ₹20,000.', te: 'బిల్డర్‌తో డెవలప్‌మెంట్ ఒప్పందం-జీపీఏ. రిజిస్ట్రేషన్ ఫీజు గరిష్ఠం ₹20,000.' },
  },
  gpa: {
    sd: 1, td: 0, rf: 0.5, rfMin: 1000, rfMax: 20_000,
    note: { en: 'A GPA to sell or develop immovable property. The registration fee is at most ₹20,000.', te: 'స్థిరాస్తిని అమ్మడానికి లేదా అభివృద్ధి చేయడానికి ఇచ్చే జీపీఏ. రిజిస్ట్రేషన్ ఫీజు గరిష్ఠం ₹20,000.' },
  },
  mortgage: {
    sd: 0.5, td: 0, rf: 0.1, rfMin: 100, rfMax: 10_000,
    note: { en: 'Mortgage without possession: duty is on the loan amount.', te: 'స్వాధీనం లేని తనఖా: రుణ మొత్తంపై సుంకం లెక్కిస్తారు.' },
  },
  lease: {
    sd: 0.4, td: 0, rf: 0.1,
    note: { en: 'For a lease of up to 10 years: duty is on the total rent for the whole period.', te: '10 ఏళ్ల వరకు లీజు: మొత్తం కాలానికి చెల్లించే అద్దెపై సుంకం.' },
  },
  exchange: {
    sd: 4, td: 1.5, rf: 0.5,
    note: { en: 'Duty is on the value of the costlier of the two properties.', te: 'రెండు ఆస్తుల్లో ఎక్కువ విలువ గల ఆస్తిపై సుంకం లెక్కిస్తారు.' },
  },
};

// EC entries: what each transaction was, and the banks that take mortgages.
const EC_KINDS = {
  sale: { en: 'Sale deed', te: 'విక్రయ దస్తావేజు' },
  gift: { en: 'Gift settlement', te: 'దాన సెటిల్‌మెంట్' },
  mortgage: { en: 'Mortgage (title deeds deposited)', te: 'తనఖా (టైటిల్ డీడ్ల డిపాజిట్)' },
  agreement: { en: 'Agreement of sale', te: 'అమ్మకపు ఒప్పందం' },
} as const;
const BANKS: Localized[] = [
  { en: 'State Bank of India', te: 'స్టేట్ బ్యాంక్ ఆఫ్ ఇండియా' },
  { en: 'Union Bank of India', te: 'యూనియన్ బ్యాంక్ ఆఫ్ ఇండియా' },
  { en: 'Andhra Pradesh Grameena Bank', te: 'ఆంధ్రప్రదేశ్ గ్రామీణ బ్యాంక్' },
  { en: 'Canara Bank', te: 'కెనరా బ్యాంక్' },
];

// ---------------------------------------------------------------------------
// Forms and helpers

/** A survey number (123/2A) or a door number (12-3-45/A). */
const PROPERTY_NUMBER = /^[0-9][0-9A-Z/-]{0,19}$/;
/** A registered document's number within its SRO and year (the year is asked separately): 4521. */
const DOCUMENT_NUMBER = /^\d{1,6}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Computerised registration records begin on this day. */
const ONLINE_FROM = '1983-01-01';

/** The SRO asked for (as the citizen wrote it), or one of the department's, with a village it serves. */
function sroOf(ctx: LookupContext): { district: string; sro: Localized; mandal: Localized; village: Localized } {
  const chosen = ctx.pick.one(SROS);
  const asked = param(ctx, 'sro');
  return asked ? { ...chosen, sro: same(asked) } : chosen;
}

// ---------------------------------------------------------------------------
// Lookups

function encumbrance(ctx: LookupContext): DeskRecord | Refusal | null {
  if (ctx.key.endsWith('00000')) return null;
  const from = param(ctx, 'from_date') || `${Number(ctx.today.slice(0, 4)) - 30}-01-01`;
  const to = param(ctx, 'to_date') || ctx.today;
  if (!isDate(from) || !isDate(to)) {
    return refusal(422, 'INVALID_DATE', 'Please give the from and to dates as YYYY-MM-DD.');
  }
  if (from > to) return refusal(422, 'INVALID_PERIOD', 'The from date must be before the to date.');
  if (to > ctx.today) return refusal(422, 'DATE_IN_FUTURE', 'The to date cannot be later than today.');
  if (from < ONLINE_FROM) {
    return refusal(422, 'BEFORE_1983', 'Online EC covers documents registered from 01-01-1983. For earlier years, apply for a manual EC at the Sub-Registrar office.');
  }
  const p = ctx.pick;
  const office = sroOf(ctx);
  const span = daysBetween(from, to);
  const count = Math.min(p.int(0, 4), Math.floor(span / 180) + 1);
  const days = Array.from({ length: count }, () => p.int(0, span)).sort((a, b) => a - b);
  let owner = p.person();
  const en: string[] = [];
  const te: string[] = [];
  for (const day of days) {
    const iso = addDays(from, day);
    const year = Number(iso.slice(0, 4));
    const kind = p.one(['sale', 'sale', 'gift', 'mortgage', 'agreement'] as const);
    // Land prices rise about 9% a year; values in the EC are what the deed says.
    const growth = Math.max(0.2, 1.09 ** (year - 2010));
    const value = Math.round((p.int(3, 30) * 1_00_000 * growth) / 1000) * 1000;
    let party = p.person();
    if (party.en === owner.en) party = p.person();
    const bank = p.one(BANKS);
    const counterparty = kind === 'mortgage' ? bank : party;
    const amount = kind === 'mortgage' ? Math.round(value * 0.6 / 1000) * 1000 : value;
    const number = `${p.int(100, 9800)}/${year}`;
    en.push(`• ${ddmmyyyy(iso)} · Doc ${number} · ${EC_KINDS[kind].en} · ${owner.en} → ${counterparty.en} · ₹${indianGrouping(amount)}`);
    te.push(`• ${ddmmyyyy(iso)} · దస్తావేజు ${number} · ${EC_KINDS[kind].te} · ${owner.te} → ${counterparty.te} · ₹${indianGrouping(amount)}`);
    if (kind === 'sale' || kind === 'gift') owner = party;
  }
  return {
    property: param(ctx, 'property') || ctx.key,
    sro: office.sro,
    from_date: ddmmyyyy(from),
    to_date: ddmmyyyy(to),
    result: count === 0 ? 'nil' : 'found',
    count,
    lines: { en: en.join('\n'), te: te.join('\n') },
    searched_on: ddmmyyyy(ctx.today),
  };
}

function marketValue(ctx: LookupContext): DeskRecord | null {
  if (ctx.key.endsWith('00000')) return null;
  const asked = param(ctx, 'district').toLowerCase();
  if (asked && !DISTRICTS[asked]) return null;
  const p = ctx.pick;
  const known = SROS.filter((s) => !asked || s.district === asked);
  const office = known.length ? p.one(known) : null;
  const district = asked || office?.district || 'guntur';
  const mandal = param(ctx, 'mandal');
  const village = param(ctx, 'village');
  const dear = DEAR.has(district);
  // A door number (12-3-45) is a house site in a town; a survey number, farm land unless the village is going urban.
  const site = ctx.key.includes('-') || p.chance(dear ? 0.35 : 0.15);
  const rate = site
    ? dear ? p.int(120, 450) * 100 : p.int(30, 150) * 100
    : dear ? p.int(25, 95) * 1_00_000 : p.int(6, 35) * 1_00_000;
  return {
    property: param(ctx, 'survey_number') || ctx.key,
    village: village ? same(village) : (office?.village ?? HEADQUARTERS[district]!),
    mandal: mandal ? same(mandal) : (office?.mandal ?? HEADQUARTERS[district]!),
    district: DISTRICTS[district] ?? same(district),
    kind: site ? 'site' : 'land',
    classification: site
      ? p.one([{ en: 'Residential site', te: 'నివాస స్థలం' }, { en: 'House site in an approved layout', te: 'ఆమోదిత లేఅవుట్‌లో ఇంటి స్థలం' }, { en: 'Commercial site', te: 'వాణిజ్య స్థలం' }])
      : p.one([{ en: 'Agricultural, wet', te: 'వ్యవసాయ భూమి, మాగాణి' }, { en: 'Agricultural, dry', te: 'వ్యవసాయ భూమి, మెట్ట' }, { en: 'Agricultural, garden', te: 'వ్యవసాయ భూమి, తోట' }]),
    rate: indianGrouping(rate),
    sale_charges: indianGrouping(Math.round(rate * 0.075)),
    effective_from: '01-02-2025',
    sro: office?.sro ?? HEADQUARTERS[district]!,
  };
}

function stampDuty(ctx: LookupContext): DeskRecord | Refusal | null {
  if (ctx.key.endsWith('00000')) return null;
  const type = ctx.key.toLowerCase();
  const duty = DUTIES[type];
  const label = DOCUMENT_TYPES[type];
  if (!duty || !label) return null;
  const area = AREAS[(param(ctx, 'area_type') || 'urban').toLowerCase()];
  if (!area) return refusal(422, 'INVALID_AREA_TYPE', 'Please choose whether the property is in an urban or a rural area.');
  const value = num(param(ctx, 'property_value'));
  if (!Number.isFinite(value) || value < 1) return refusal(422, 'INVALID_PROPERTY_VALUE', 'Please give the value of the property in rupees, for example 2500000.');
  if (value > 1_000_00_00_000) return refusal(422, 'INVALID_PROPERTY_VALUE', 'That value is more than ₹1,000 crore. Please check the amount, in rupees.');
  const sd = Math.round((value * duty.sd) / 100);
  const td = Math.round((value * duty.td) / 100);
  let rf = duty.rfFlat ?? Math.round((value * duty.rf) / 100);
  if (duty.rfMin !== undefined) rf = Math.max(rf, duty.rfMin);
  if (duty.rfMax !== undefined) rf = Math.min(rf, duty.rfMax);
  const pct = (n: number) => `${n}%`;
  return {
    document: label,
    area: area.label,
    property_value: indianGrouping(value),
    stamp_duty: indianGrouping(sd),
    stamp_rate: pct(duty.sd),
    transfer_duty: indianGrouping(td),
    transfer_rate: pct(duty.td),
    duty_to: area.dutyTo,
    registration_fee: indianGrouping(rf),
    total: indianGrouping(sd + td + rf),
    note: duty.note,
  };
}

function documentStatus(ctx: LookupContext): DeskRecord | Refusal | null {
  if (ctx.key.endsWith('00000')) return null;
  const p = ctx.pick;
  const thisYear = Number(ctx.today.slice(0, 4));
  const askedYear = param(ctx, 'registration_year');
  if (askedYear && !/^\d{4}$/.test(askedYear)) return refusal(422, 'INVALID_YEAR', 'Please give the year of registration as four digits, for example 2019.');
  const year = askedYear ? Number(askedYear) : p.int(thisYear - 8, thisYear);
  if (year > thisYear) return refusal(422, 'INVALID_YEAR', 'The year of registration cannot be later than this year.');
  if (year < 1983) return refusal(422, 'NOT_COMPUTERISED', 'Documents registered before 1983 are not in the online records. Please ask at the Sub-Registrar office.');
  const office = sroOf(ctx);
  const yearStart = `${year}-01-01`;
  const lastDay = year === thisYear ? daysBetween(yearStart, ctx.today) : daysBetween(yearStart, `${year}-12-31`);
  const registered = addDays(yearStart, p.int(0, Math.max(0, lastDay)));
  const age = daysBetween(registered, ctx.today);
  let status: string;
  let readyOn: string;
  if (age <= 3) {
    status = 'scanning';
    readyOn = addDays(registered, 4);
  } else if (age <= 60 && p.chance(0.12)) {
    status = 'held_47a';
    readyOn = addDays(registered, 45);
  } else if (p.chance(age > 60 ? 0.85 : 0.5)) {
    status = 'collected';
    readyOn = addDays(registered, p.int(1, Math.min(30, age)));
  } else {
    status = 'ready';
    readyOn = addDays(registered, p.int(1, 3));
  }
  return {
    document_number: String(Number(ctx.key)),
    registration_year: year,
    sro: office.sro,
    document_type: p.one([DOCUMENT_TYPES.sale!, DOCUMENT_TYPES.sale!, DOCUMENT_TYPES.gift_family!, DOCUMENT_TYPES.mortgage!, DOCUMENT_TYPES.agreement_of_sale!, DOCUMENT_TYPES.partition_family!]),
    registered_on: ddmmyyyy(registered),
    status,
    ready_on: ddmmyyyy(readyOn),
  };
}

// ---------------------------------------------------------------------------
// Filings

const SRO_STEP = (what: Localized) => ({
  status: 'in_review' as const,
  note: {
    en: `The Sub-Registrar has received your ${what.en} application and is checking the documents.`,
    te: `సబ్-రిజిస్ట్రార్ మీ ${what.te} దరఖాస్తును స్వీకరించి పత్రాలను పరిశీలిస్తున్నారు.`,
  },
});

function yearCheck(value: unknown, today: string): Refusal | null {
  const year = num(value);
  if (!Number.isInteger(year) || year < 1900) return refusal(422, 'INVALID_YEAR', 'Please give the year of registration as four digits, for example 2019.');
  if (year > Number(today.slice(0, 4))) return refusal(422, 'INVALID_YEAR', 'The year of registration cannot be later than this year.');
  return null;
}

export const spec: DeskSpec = {
  department: 'registration',
  slug: 'registration',
  title: 'IGRS (Registration and Stamps)',
  idPrefix: 'IGRS',
  auth: 'api_key',
  lookups: [
    {
      // encumbrance_certificate
      path: '/encumbrance',
      key: 'property',
      pattern: /^[0-9A-Z][0-9A-Z /.,-]{0,39}$/,
      hint: 'Give the survey number, door number or document number of the property, for example 123/2A or 12-3-45.',
      answer: encumbrance,
    },
    {
      // market_value
      path: '/market-values',
      key: 'survey_number',
      pattern: PROPERTY_NUMBER,
      hint: 'Give a survey number (e.g. 123/2A) or a door number (e.g. 12-3-45).',
      answer: marketValue,
    },
    {
      // stamp_duty_calculator
      path: '/stamp-duty',
      key: 'document_type',
      pattern: /^[A-Z0-9_]{1,40}$/,
      hint: 'Choose the type of document, for example a sale deed or a gift deed.',
      answer: stampDuty,
    },
    {
      // document_status
      path: '/documents/:document_number',
      key: 'document_number',
      pattern: DOCUMENT_NUMBER,
      hint: 'The document number is the number on the registered document, up to 6 digits, for example 4521. Give the year separately.',
      answer: documentStatus,
    },
  ],
  filings: [
    {
      // certified_copy
      path: '/certified-copies',
      code: 'CC',
      kind: 'application',
      requires: ['sro', 'document_number', 'registration_year'],
      check(body, ctx) {
        if (!DOCUMENT_NUMBER.test(str(body.document_number))) {
          return refusal(422, 'INVALID_DOCUMENT_NUMBER', 'The document number is the number on the registered document, up to 6 digits, for example 4521.');
        }
        return yearCheck(body.registration_year, ctx.today);
      },
      steps: [
        SRO_STEP({ en: 'certified copy', te: 'ధృవీకృత నకలు' }),
        {
          status: 'issued',
          note: {
            en: 'The Sub-Registrar has signed the certified copy. Download it from registration.ap.gov.in or collect it at the SRO.',
            te: 'సబ్-రిజిస్ట్రార్ ధృవీకృత నకలుపై సంతకం చేశారు. registration.ap.gov.in నుంచి డౌన్‌లోడ్ చేసుకోండి లేదా సబ్-రిజిస్ట్రార్ కార్యాలయంలో తీసుకోండి.',
          },
        },
      ],
    },
    {
      // marriage_registration
      path: '/marriages',
      code: 'MAR',
      kind: 'application',
      requires: ['marriage_date', 'marriage_place', 'wedding_photo', 'marriage_proof', 'sro'],
      check(body, ctx) {
        const date = str(body.marriage_date).slice(0, 10);
        if (!ISO_DATE.test(date)) return refusal(422, 'INVALID_DATE', 'Please give the date of marriage.');
        if (date > ctx.today) return refusal(422, 'DATE_IN_FUTURE', 'The marriage must have taken place already: the date cannot be in the future.');
        return null;
      },
      steps: [
        {
          status: 'in_review',
          note: {
            en: 'The Sub-Registrar has checked your documents. Both of you and three witnesses with their Aadhaar should come to the SRO on a working day to sign the register.',
            te: 'సబ్-రిజిస్ట్రార్ మీ పత్రాలను పరిశీలించారు. రిజిస్టర్‌లో సంతకం చేయడానికి మీరిద్దరూ, ఆధార్‌తో ముగ్గురు సాక్షులు పని దినాన సబ్-రిజిస్ట్రార్ కార్యాలయానికి రావాలి.',
          },
        },
        {
          status: 'issued',
          note: {
            en: 'Your marriage is registered and the Sub-Registrar has issued the marriage certificate.',
            te: 'మీ వివాహం నమోదైంది; సబ్-రిజిస్ట్రార్ వివాహ ధృవీకరణ పత్రం జారీ చేశారు.',
          },
        },
      ],
    },
    {
      // firm_registration
      path: '/firms',
      code: 'FIRM',
      kind: 'application',
      requires: ['firm_name', 'partners', 'partnership_deed', 'business_address'],
      check(body) {
        const partners = num(body.partners);
        if (!Number.isInteger(partners) || partners < 2) return refusal(422, 'TOO_FEW_PARTNERS', 'A partnership firm needs at least two partners.');
        if (partners > 50) return refusal(422, 'TOO_MANY_PARTNERS', 'A partnership firm can have at most 50 partners; a larger business must register as a company.');
        if (/\b(limited|ltd|private|pvt)\b/i.test(str(body.firm_name))) {
          return refusal(422, 'NAME_NOT_ALLOWED', 'A partnership firm name cannot contain "Limited" or "Private": those words are only for companies.');
        }
        return null;
      },
      steps: [
        {
          status: 'in_review',
          note: {
            en: 'The District Registrar (Registrar of Firms) is checking the partnership deed and the name of the firm.',
            te: 'జిల్లా రిజిస్ట్రార్ (సంస్థల రిజిస్ట్రార్) భాగస్వామ్య ఒప్పందాన్ని, సంస్థ పేరును పరిశీలిస్తున్నారు.',
          },
        },
        {
          status: 'issued',
          note: {
            en: 'The firm is entered in the Register of Firms. The District Registrar has issued the registration certificate (Form A acknowledgement).',
            te: 'సంస్థను సంస్థల రిజిస్టర్‌లో నమోదు చేశారు. జిల్లా రిజిస్ట్రార్ రిజిస్ట్రేషన్ ధృవీకరణ పత్రం (ఫారం-ఎ రసీదు) జారీ చేశారు.',
          },
        },
      ],
    },
    {
      // society_registration
      path: '/societies',
      code: 'SOC',
      kind: 'application',
      requires: ['society_name', 'members', 'bye_laws', 'society_address'],
      check(body) {
        const members = num(body.members);
        if (!Number.isInteger(members) || members < 7) {
          return refusal(422, 'TOO_FEW_MEMBERS', 'Under the AP Societies Registration Act, a society needs at least seven founding members.');
        }
        return null;
      },
      steps: [
        {
          status: 'in_review',
          note: {
            en: 'The District Registrar is checking the memorandum, the bye-laws and the list of founding members.',
            te: 'జిల్లా రిజిస్ట్రార్ మెమొరాండం, బైలాలు, వ్యవస్థాపక సభ్యుల జాబితాను పరిశీలిస్తున్నారు.',
          },
        },
        {
          status: 'issued',
          note: {
            en: 'The society is registered. The District Registrar has issued the registration certificate.',
            te: 'సొసైటీ నమోదైంది. జిల్లా రిజిస్ట్రార్ రిజిస్ట్రేషన్ ధృవీకరణ పత్రం జారీ చేశారు.',
          },
        },
      ],
    },
    {
      // registration_grievance
      path: '/grievances',
      code: 'GRV',
      kind: 'grievance',
      requires: ['sro', 'complaint_type', 'details'],
      check(body) {
        if (typeof body.complaint_type !== 'string' || !COMPLAINTS.includes(body.complaint_type)) {
          return refusal(422, 'INVALID_COMPLAINT_TYPE', 'Please choose what the complaint is about from the list.');
        }
        return null;
      },
      steps: [
        {
          status: 'in_review',
          note: {
            en: 'Your complaint has been sent to the District Registrar, who has asked the Sub-Registrar for a report.',
            te: 'మీ ఫిర్యాదును జిల్లా రిజిస్ట్రార్‌కు పంపారు; వారు సబ్-రిజిస్ట్రార్ నుంచి నివేదిక కోరారు.',
          },
        },
        {
          status: 'resolved',
          note: {
            en: 'The District Registrar has looked into your complaint and the Sub-Registrar office has acted on it. If the problem remains, you may meet the District Registrar.',
            te: 'జిల్లా రిజిస్ట్రార్ మీ ఫిర్యాదును పరిశీలించారు; సబ్-రిజిస్ట్రార్ కార్యాలయం చర్య తీసుకుంది. సమస్య ఇంకా ఉంటే జిల్లా రిజిస్ట్రార్‌ను కలవవచ్చు.',
          },
        },
      ],
    },
  ],
  dues: [
    {
      // stamp_duty_payment: the stamp duty, transfer duty and registration fee of a document entered on IGRS (its PDE number)
      path: '/stamp-duty/challans/:pde_number',
      key: 'pde_number',
      pattern: /^[A-Z]?\d{8,12}$/,
      hint: 'A PDE (public data entry) number is 8 to 12 digits, as on the IGRS slip',
      code: 'SD',
      receiptPrefix: 'IGRS/SD/RCPT/',
      due: ({ pick, today }) => {
        // A sale deed: 5% stamp duty, 1.5% transfer duty and a 1% fee on the market value.
        const valueRupees = pick.int(4, 80) * 100_000;
        const sro = pick.one(SROS).sro;
        return {
          period: 'PDE',
          consumer: pick.person(),
          billMonth: { en: `a sale deed at SRO ${sro.en}, market value ₹${indianGrouping(valueRupees)}`, te: `${sro.te} ఎస్ఆర్ఓలో అమ్మకం దస్తావేజు, మార్కెట్ విలువ ₹${indianGrouping(valueRupees)}` },
          amountPaise: Math.round(valueRupees * 0.075) * 100,
          dueDate: new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10),
        };
      },
    },
  ],
};
