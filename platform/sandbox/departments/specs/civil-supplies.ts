/**
 * The Civil Supplies department's sandbox backend, beyond the hand-written card routes
 * (../civil-supplies.ts, same X-API-Key): rice card applications and their status, adding,
 * removing and splitting members, ration shop complaints, the fair price shop near a location,
 * Deepam-2 free gas cylinders and payments for paddy sold at Rythu Seva Kendralu.
 *
 * Test numbers: ration cards are 10 digits starting 28 (2812345678), application numbers
 * CS/RC/2026/000123; Deepam and paddy are looked up by UIDAI's token for the verified citizen.
 * Keys ending 00000 name no record.
 */
import { household } from '../civil-supplies';
import { daysBetween, indiaDate, notIn, yearSpan } from '../desk/fields';
import { indianGrouping, type Picker } from '../desk/picker';
import { DISTRICTS, insideAndhra, parseLatLon } from '../desk/places';
import { refusal, type DeskRecord, type DeskSpec, type Localized } from '../desk/spec';

const L = (en: string, te: string): Localized => ({ en, te });
const CARD = /^28\d{8}$/;
/** An application number: capitals, digits, / or -, not digits alone (those are card numbers). */
const APPLICATION = /^(?!\d+$)[A-Z0-9][A-Z0-9/-]{5,29}$/;
const UID_TOKEN = /^[0-9A-F]{72}$/;

const RELATIONS = ['wife', 'husband', 'son', 'daughter', 'daughter_in_law', 'son_in_law', 'grandson', 'granddaughter', 'father', 'mother', 'father_in_law', 'mother_in_law', 'brother', 'sister', 'other'];
const REMOVAL_REASONS = ['death', 'marriage', 'moved_away', 'in_another_card', 'duplicate_entry', 'other'];
const COMPLAINTS = ['short_weight', 'shop_closed', 'ration_refused', 'item_not_given', 'poor_quality', 'overcharging', 'no_receipt', 'biometric_failure', 'dealer_behaviour', 'diversion', 'other'];

/** AP's rice card limits: ₹10,000 a month in villages, ₹12,000 in towns; the higher one is the ceiling. */
const INCOME_LIMIT = 144_000;

const HEADS: Record<string, string> = {
  Lakshmi: 'లక్ష్మి',
  'Venkata Ramana': 'వెంకట రమణ',
  Padma: 'పద్మ',
  'Srinivasa Rao': 'శ్రీనివాస రావు',
  Sita: 'సీత',
  Nagarjuna: 'నాగార్జున',
  Kavitha: 'కవిత',
  Suresh: 'సురేష్',
  Anjali: 'అంజలి',
  Ravi: 'రవి',
};
/** A household's district (the card routes name it in English) in both languages. */
const districtNamed = (en: string): Localized => Object.values(DISTRICTS).find((d) => d.en === en) ?? L(en, en);

const TOWNS: Array<{ name: Localized; lat: number; lon: number }> = [
  { name: L('Srikakulam', 'శ్రీకాకుళం'), lat: 18.3, lon: 83.9 },
  { name: L('Vizianagaram', 'విజయనగరం'), lat: 18.11, lon: 83.4 },
  { name: L('Visakhapatnam', 'విశాఖపట్నం'), lat: 17.69, lon: 83.22 },
  { name: L('Kakinada', 'కాకినాడ'), lat: 16.99, lon: 82.25 },
  { name: L('Rajamahendravaram', 'రాజమహేంద్రవరం'), lat: 17.0, lon: 81.8 },
  { name: L('Eluru', 'ఏలూరు'), lat: 16.71, lon: 81.1 },
  { name: L('Bhimavaram', 'భీమవరం'), lat: 16.54, lon: 81.52 },
  { name: L('Machilipatnam', 'మచిలీపట్నం'), lat: 16.19, lon: 81.14 },
  { name: L('Vijayawada', 'విజయవాడ'), lat: 16.51, lon: 80.65 },
  { name: L('Guntur', 'గుంటూరు'), lat: 16.31, lon: 80.44 },
  { name: L('Tenali', 'తెనాలి'), lat: 16.24, lon: 80.64 },
  { name: L('Narasaraopet', 'నరసరావుపేట'), lat: 16.24, lon: 80.05 },
  { name: L('Ongole', 'ఒంగోలు'), lat: 15.5, lon: 80.05 },
  { name: L('Nellore', 'నెల్లూరు'), lat: 14.44, lon: 79.99 },
  { name: L('Tirupati', 'తిరుపతి'), lat: 13.63, lon: 79.42 },
  { name: L('Chittoor', 'చిత్తూరు'), lat: 13.22, lon: 79.1 },
  { name: L('Kadapa', 'కడప'), lat: 14.47, lon: 78.82 },
  { name: L('Anantapuramu', 'అనంతపురం'), lat: 14.68, lon: 77.6 },
  { name: L('Hindupur', 'హిందూపురం'), lat: 13.83, lon: 77.49 },
  { name: L('Kurnool', 'కర్నూలు'), lat: 15.83, lon: 78.04 },
  { name: L('Nandyal', 'నంద్యాల'), lat: 15.48, lon: 78.48 },
];
const LOCALITIES = [L('Gandhi Nagar', 'గాంధీ నగర్'), L('Ambedkar Colony', 'అంబేడ్కర్ కాలనీ'), L('Nehru Nagar', 'నెహ్రూ నగర్'), L('Indira Colony', 'ఇందిరా కాలనీ'), L('Main Road', 'మెయిన్ రోడ్'), L('Rajiv Nagar', 'రాజీవ్ నగర్'), L('Ramalayam Street', 'రామాలయం వీధి'), L('Housing Board Colony', 'హౌసింగ్ బోర్డు కాలనీ')];
const LANDMARKS = [L('the ward secretariat', 'వార్డు సచివాలయం'), L('the Ramalayam', 'రామాలయం'), L('the ZP High School', 'జడ్పీ ఉన్నత పాఠశాల'), L('the water tank', 'వాటర్ ట్యాంక్'), L('the Anganwadi centre', 'అంగన్‌వాడీ కేంద్రం'), L('the RTC bus stop', 'ఆర్టీసీ బస్టాప్')];

/** What each kind of filing here is, by the code in its number. */
const REQUESTS: Record<string, Localized> = {
  RC: L('New rice card', 'కొత్త రైస్ కార్డు'),
  MA: L('Adding a member to the card', 'కార్డులో సభ్యుని చేర్పు'),
  MR: L('Removing a member from the card', 'కార్డు నుంచి సభ్యుని తొలగింపు'),
  SPL: L('Splitting the card', 'కార్డు విభజన'),
  GR: L('Ration shop complaint', 'రేషన్ షాపు ఫిర్యాదు'),
};

const NOTES: Record<string, Localized> = {
  received: L('Received at the secretariat; field verification by the VRO/WRO comes next.', 'సచివాలయంలో అందింది; తర్వాత వీఆర్వో/డబ్ల్యూఆర్వో క్షేత్ర పరిశీలన జరుగుతుంది.'),
  in_review: L('The six-step eligibility check (income, land, electricity use, vehicles, property, tax) is under way at the Tahsildar office.', 'తహసీల్దార్ కార్యాలయంలో ఆరు అంచెల అర్హత పరిశీలన (ఆదాయం, భూమి, విద్యుత్ వినియోగం, వాహనాలు, ఆస్తి, పన్ను) జరుగుతోంది.'),
  documents_needed: L('e-KYC of all members is pending: each member should give a fingerprint at the secretariat.', 'సభ్యులందరి ఈ-కేవైసీ పెండింగ్‌లో ఉంది: ప్రతి సభ్యుడు సచివాలయంలో వేలిముద్ర వేయాలి.'),
  approved: L('Sanctioned by the Tahsildar; the card is being printed and will be sent to your secretariat.', 'తహసీల్దార్ మంజూరు చేశారు; కార్డు ముద్రణలో ఉంది, మీ సచివాలయానికి పంపుతారు.'),
  issued: L('Done. Collect the card at your secretariat; ration can be drawn from next month.', 'పూర్తయింది. మీ సచివాలయంలో కార్డు తీసుకోండి; వచ్చే నెల నుంచి రేషన్ తీసుకోవచ్చు.'),
  rejected: L('Not eligible: the household used more than 300 units of electricity a month on average over the last year.', 'అర్హత లేదు: గత ఏడాది కుటుంబ సగటు విద్యుత్ వినియోగం నెలకు 300 యూనిట్లు దాటింది.'),
  resolved: L('The Assistant Supply Officer acted on the complaint and closed it.', 'సహాయ సరఫరా అధికారి ఫిర్యాదుపై చర్య తీసుకుని ముగించారు.'),
  closed: L('Closed by the department.', 'శాఖ ముగించింది.'),
};
/** Changes to a card (members added or removed, a split) and complaints say their own steps. */
const CHANGE_NOTES: Record<string, Localized> = {
  received: L('Received at the secretariat; the VRO/WRO will verify the documents.', 'సచివాలయంలో అందింది; వీఆర్వో/డబ్ల్యూఆర్వో పత్రాలను పరిశీలిస్తారు.'),
  in_review: L('The VRO/WRO is verifying the documents and the household.', 'వీఆర్వో/డబ్ల్యూఆర్వో పత్రాలను, కుటుంబ వివరాలను పరిశీలిస్తున్నారు.'),
  approved: L('Approved by the Tahsildar: the change shows from next month’s ration.', 'తహసీల్దార్ ఆమోదించారు: వచ్చే నెల రేషన్ నుంచి మార్పు అమలవుతుంది.'),
  issued: L('Done: the card is updated; collect the new card at your secretariat.', 'పూర్తయింది: కార్డు సవరించారు; కొత్త కార్డును మీ సచివాలయంలో తీసుకోండి.'),
  documents_needed: L('The proof is not clear: bring the original certificate to the secretariat.', 'ఆధార పత్రం స్పష్టంగా లేదు: అసలు ధృవపత్రాన్ని సచివాలయానికి తీసుకురండి.'),
  rejected: L('Not approved: the certificate does not match the member’s Aadhaar details. Apply again with the right certificate.', 'ఆమోదం లభించలేదు: ధృవపత్రంలోని వివరాలు సభ్యుని ఆధార్ వివరాలతో సరిపోలలేదు. సరైన ధృవపత్రంతో మళ్లీ దరఖాస్తు చేయండి.'),
};
const COMPLAINT_NOTES: Record<string, Localized> = {
  received: L('Received; it goes to the Assistant Supply Officer (ASO) of your mandal.', 'అందింది; మీ మండల సహాయ సరఫరా అధికారి (ఏఎస్‌ఓ)కి పంపుతారు.'),
  in_review: L('The Assistant Supply Officer (ASO) is inspecting the fair price shop.', 'సహాయ సరఫరా అధికారి (ఏఎస్‌ఓ) చౌక ధరల దుకాణాన్ని తనిఖీ చేస్తున్నారు.'),
};
const noteFor = (code: string, status: string): Localized => (code === 'GR' ? COMPLAINT_NOTES[status] : code === 'RC' ? undefined : CHANGE_NOTES[status]) ?? NOTES[status] ?? NOTES.received!;

const issuedCard = (card: string) =>
  L(`Done. Your rice card number is ${card}: collect the card at your secretariat; ration can be drawn from next month.`, `పూర్తయింది. మీ రైస్ కార్డు నంబరు ${card}: కార్డును మీ సచివాలయంలో తీసుకోండి; వచ్చే నెల నుంచి రేషన్ తీసుకోవచ్చు.`);

function nearestTown(lat: number, lon: number) {
  let best = TOWNS[0]!;
  for (const town of TOWNS) if ((town.lat - lat) ** 2 + (town.lon - lon) ** 2 < (best.lat - lat) ** 2 + (best.lon - lon) ** 2) best = town;
  return best;
}

function secretariat(pick: Picker): Localized {
  const town = pick.one(TOWNS).name;
  const n = pick.int(1, 48);
  return L(`Ward Secretariat ${n}, ${town.en}`, `${town.te} వార్డు సచివాలయం ${n}`);
}

const cardProblem = (body: Record<string, unknown>) => (CARD.test(String(body.ration_card_number ?? '').trim()) ? null : refusal(422, 'INVALID_CARD_NUMBER', 'A ration card number has 10 digits and starts with 28'));

function cardStatus(card: string, pick: Picker): DeskRecord {
  const home = household(card);
  const inactive = pick.chance(0.12);
  return {
    kind: 'card',
    number: card,
    card_status: inactive ? 'inactive' : 'active',
    reason: inactive ? pick.one([L('no ration drawn for six months in a row', 'వరుసగా ఆరు నెలలు రేషన్ తీసుకోలేదు'), L('e-KYC of the head of the family is not done', 'కుటుంబ పెద్ద ఈ-కేవైసీ చేయలేదు')]) : '',
    type: home.type,
    head: L(home.head, HEADS[home.head] ?? home.head),
    members: home.members,
    shop: L(home.shop, `నం. ${home.shop.replace('FPS ', '')}`),
    district: districtNamed(home.district),
    request: '',
    status: '',
    filed_on: '',
    office: '',
    note: '',
  };
}

function applicationStatus(number: string, status: string, filed: string, code: string, pick: Picker): DeskRecord {
  return {
    kind: 'application',
    number,
    card_status: '',
    reason: '',
    type: '',
    head: '',
    members: 0,
    shop: '',
    district: '',
    request: REQUESTS[code] ?? L('Ration card request', 'రేషన్ కార్డు అభ్యర్థన'),
    status,
    filed_on: filed,
    office: secretariat(pick),
    note: status === 'issued' && code === 'RC' ? issuedCard(`28${pick.digits(8)}`) : noteFor(code, status),
  };
}

/** Rice procured in the kharif marketing season starting that year: MSP a quintal, common and grade A. */
const MSP: Record<number, [number, number]> = { 2024: [2300, 2320], 2025: [2369, 2389] };

/** Deepam-2's three cylinders a year, one in each four-month period from April: today's, which one it is, and how many days into it. */
function deepamPeriod(today: string): { label: Localized; index: number; daysIn: number } {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const startMonth = month >= 4 && month <= 7 ? 4 : month >= 8 && month <= 11 ? 8 : 12;
  const startYear = month <= 3 ? year - 1 : year;
  const daysIn = daysBetween(`${startYear}-${String(startMonth).padStart(2, '0')}-01`, today);
  if (startMonth === 4) return { label: L(`April to July ${year}`, `ఏప్రిల్ నుంచి జూలై ${year}`), index: 1, daysIn };
  if (startMonth === 8) return { label: L(`August to November ${year}`, `ఆగస్టు నుంచి నవంబర్ ${year}`), index: 2, daysIn };
  return { label: L(`December ${startYear} to March ${startYear + 1}`, `డిసెంబర్ ${startYear} నుంచి మార్చి ${startYear + 1}`), index: 3, daysIn };
}

export const spec: DeskSpec = {
  department: 'civil_supplies',
  slug: 'civil-supplies',
  title: 'ePDS (Civil Supplies)',
  idPrefix: 'CS',
  auth: 'api_key',
  lookups: [
    {
      // ration_card_status: a card (active or not, its type and members) or an application.
      path: '/ration-cards/:reference/status',
      key: 'reference',
      pattern: /^(28\d{8}|(?!\d+$)[A-Z0-9][A-Z0-9/-]{5,29})$/,
      hint: 'Send a ration card number (10 digits starting with 28) or an application number like CS/RC/2026/000123',
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        if (CARD.test(ctx.key)) return cardStatus(ctx.key, ctx.pick);
        if (!APPLICATION.test(ctx.key)) return null;
        const f = ctx.filed(ctx.key);
        if (f) return applicationStatus(f.id, f.status.toLowerCase(), indiaDate(f.filedAt), f.code, ctx.pick);
        const code = /^CS\/([A-Z]{2,4})\//.exec(ctx.key)?.[1] ?? 'RC';
        const status = code === 'GR' ? ctx.pick.one(['in_review', 'resolved', 'resolved']) : ctx.pick.one(['received', 'in_review', 'in_review', 'documents_needed', 'approved', 'issued', 'issued', 'rejected']);
        return applicationStatus(ctx.key, status, ctx.pick.date(-75, -3), code, ctx.pick);
      },
    },
    {
      // fps_locator: the fair price shop nearest the citizen's location.
      path: '/fair-price-shops',
      key: 'location',
      pattern: /^-?\d{1,2}(\.\d+)?, ?-?\d{1,3}(\.\d+)?$/,
      hint: 'Share your location (latitude,longitude) to find the nearest ration shop',
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const at = parseLatLon(ctx.key);
        if (!at) return null;
        if (!insideAndhra(at.lat, at.lon)) return refusal(422, 'OUTSIDE_AP', 'That location is outside Andhra Pradesh; only AP fair price shops are listed here');
        const town = nearestTown(at.lat, at.lon).name;
        const locality = ctx.pick.one(LOCALITIES);
        const landmark = ctx.pick.one(LANDMARKS);
        const shop = `${ctx.pick.int(1, 9)}${ctx.pick.digits(6)}`;
        const dealer = ctx.pick.person();
        return {
          shop_number: shop,
          dealer,
          dealer_phone: `${ctx.pick.one(['9', '8', '7', '6'])}${ctx.pick.digits(9)}`,
          address: L(`Near ${landmark.en}, ${locality.en}, ${town.en}`, `${town.te}, ${locality.te}, ${landmark.te} దగ్గర`),
          distance_km: (ctx.pick.int(2, 25) / 10).toFixed(1),
          days: L('from the 1st to the 15th of every month', 'ప్రతి నెలా 1వ తేదీ నుంచి 15వ తేదీ వరకు'),
          timings: L('8 AM to 12 noon and 4 PM to 8 PM', 'ఉదయం 8 నుంచి మధ్యాహ్నం 12 వరకు, సాయంత్రం 4 నుంచి రాత్రి 8 వరకు'),
          note: L('Elders over 65 and persons with disabilities get their ration at home: tell the dealer.', '65 ఏళ్లు పైబడినవారు, దివ్యాంగులకు ఇంటి వద్దకే రేషన్ అందిస్తారు: డీలర్‌కు తెలియజేయండి.'),
        };
      },
    },
    {
      // deepam_gas: Deepam-2, three free LPG cylinders a year for rice card households.
      path: '/deepam/status',
      key: 'uid_token',
      pattern: UID_TOKEN,
      hint: 'The Aadhaar of the gas connection holder must be verified first',
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const eligible = ctx.pick.chance(0.85);
        const period = deepamPeriod(ctx.today);
        // Earlier periods' cylinders this year, and this period's once a few days have passed.
        const thisPeriod = eligible && period.daysIn >= 2 && ctx.pick.chance(0.6);
        const used = eligible ? ctx.pick.int(0, period.index - 1) + (thisPeriod ? 1 : 0) : 0;
        const refund = thisPeriod ? (ctx.pick.chance(0.8) ? 'credited' : 'pending') : 'not_booked';
        const company = ctx.pick.one([
          [L('Indane', 'ఇండేన్'), L('Sri Lakshmi Indane Gas Agencies', 'శ్రీ లక్ష్మి ఇండేన్ గ్యాస్ ఏజెన్సీస్')],
          [L('HP Gas', 'హెచ్‌పీ గ్యాస్'), L('Sai Durga HP Gas Distributors', 'సాయి దుర్గా హెచ్‌పీ గ్యాస్ డిస్ట్రిబ్యూటర్స్')],
          [L('Bharat Gas', 'భారత్ గ్యాస్'), L('Venkateswara Bharat Gas Agency', 'వేంకటేశ్వర భారత్ గ్యాస్ ఏజెన్సీ')],
        ] as const);
        const town = ctx.pick.one(TOWNS).name;
        const booked = ctx.pick.int(-Math.min(period.daysIn, 40), -1);
        return {
          status: eligible ? 'eligible' : 'not_eligible',
          reason: eligible
            ? ''
            : ctx.pick.one([
                L('no rice card is linked to this Aadhaar number', 'ఈ ఆధార్ నంబరుకు రైస్ కార్డు అనుసంధానం కాలేదు'),
                L('e-KYC of the gas connection is not done; give your fingerprint at your gas agency', 'గ్యాస్ కనెక్షన్ ఈ-కేవైసీ కాలేదు; మీ గ్యాస్ ఏజెన్సీలో వేలిముద్ర వేయండి'),
                L('the gas connection is not in the name of a member of the rice card', 'గ్యాస్ కనెక్షన్ రైస్ కార్డులోని సభ్యుని పేరున లేదు'),
              ]),
          consumer: ctx.pick.person(),
          consumer_number: ctx.pick.digits(6),
          company: company[0],
          distributor: L(`${company[1].en}, ${town.en}`, `${company[1].te}, ${town.te}`),
          period: period.label,
          used,
          last_booked: thisPeriod ? ctx.pick.date(booked, booked) : '',
          refund_status: refund,
          refund_amount: ctx.pick.rupees(851, 879),
          refund_date: refund === 'credited' ? ctx.pick.date(Math.min(booked + 1, 0), Math.min(booked + 2, 0)) : '',
        };
      },
    },
    {
      // paddy_payment_status: paddy sold at an RSK, paid by the AP State Civil Supplies Corporation.
      path: '/paddy/payments',
      key: 'uid_token',
      pattern: UID_TOKEN,
      hint: "The farmer's Aadhaar must be verified first",
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const [year, month] = ctx.today.split('-').map(Number) as [number, number];
        // Kharif paddy is bought from October to March, rabi from April; the season's year is the kharif one.
        const kms = month >= 10 ? year : year - 1;
        const rabi = month >= 4 && month <= 9;
        const [common, gradeA] = MSP[kms] ?? MSP[2025]!;
        const grade = ctx.pick.chance(0.6);
        const msp = grade ? gradeA : common;
        const quintals = ctx.pick.int(1500, 14000) / 100;
        const status = ctx.pick.one(['paid', 'paid', 'paid', 'processing', 'pending', 'failed'] as const);
        const sold = ctx.pick.int(-30, -2);
        const town = ctx.pick.one(TOWNS).name;
        const village = ctx.pick.one([L('Pedapadu', 'పెదపాడు'), L('Kankipadu', 'కంకిపాడు'), L('Mandapeta', 'మండపేట'), L('Ponnur', 'పొన్నూరు'), L('Kovvur', 'కొవ్వూరు'), L('Bapatla', 'బాపట్ల'), L('Amalapuram', 'అమలాపురం'), L('Tanuku', 'తణుకు')]);
        return {
          farmer: ctx.pick.person(),
          rsk: L(`Rythu Seva Kendram, ${village.en}`, `రైతు సేవా కేంద్రం, ${village.te}`),
          season: rabi ? L(`Rabi ${yearSpan(kms)}`, `రబీ ${yearSpan(kms)}`) : L(`Kharif ${yearSpan(kms)}`, `ఖరీఫ్ ${yearSpan(kms)}`),
          variety: grade ? L('Grade A', 'గ్రేడ్-ఎ') : L('common', 'సాధారణ రకం'),
          quantity: quintals.toFixed(2),
          msp: indianGrouping(msp),
          amount: indianGrouping(quintals * msp),
          sold_on: ctx.pick.date(sold, sold),
          status,
          paid_on: status === 'paid' ? ctx.pick.date(sold + 1, sold + 2) : '',
          account: ctx.pick.digits(4),
          mill: L(`the rice mill at ${town.en}`, `${town.te} రైస్ మిల్లు`),
        };
      },
    },
  ],
  filings: [
    {
      // ration_card_apply
      path: '/ration-cards',
      code: 'RC',
      kind: 'application',
      requires: ['family_size', 'annual_income', 'address'],
      check(body) {
        const size = Number(body.family_size);
        if (!Number.isInteger(size) || size < 1 || size > 20) return refusal(422, 'INVALID_FAMILY_SIZE', 'The number of family members must be between 1 and 20');
        const income = Number(body.annual_income);
        if (!Number.isFinite(income) || income < 0) return refusal(422, 'INVALID_INCOME', 'The annual income must be an amount in rupees');
        if (income > INCOME_LIMIT) return refusal(422, 'INCOME_ABOVE_LIMIT', 'A rice card is for households earning up to ₹10,000 a month in villages and ₹12,000 a month in towns; your family income is above that');
        return null;
      },
      steps: [
        { status: 'in_review', note: L('Field verification by the VRO/WRO and e-KYC of the members have begun', 'వీఆర్వో/డబ్ల్యూఆర్వో క్షేత్ర పరిశీలన, సభ్యుల ఈ-కేవైసీ ప్రారంభమైంది') },
        { status: 'approved', note: L('The six-step check is passed and the Tahsildar has sanctioned the rice card', 'ఆరు అంచెల పరిశీలన పూర్తయింది, తహసీల్దార్ రైస్ కార్డు మంజూరు చేశారు') },
        { status: 'issued', note: L('The rice card is printed: collect it at your village or ward secretariat', 'రైస్ కార్డు ముద్రించబడింది: మీ గ్రామ/వార్డు సచివాలయంలో తీసుకోండి') },
      ],
    },
    {
      // ration_member_add
      path: '/ration-cards/:ration_card_number/members',
      code: 'MA',
      kind: 'application',
      requires: ['ration_card_number', 'member_name', 'relation_to_head', 'proof'],
      check(body) {
        if (cardProblem(body)) return cardProblem(body);
        if (notIn(RELATIONS, body.relation_to_head)) return refusal(422, 'INVALID_RELATION', 'Choose the new member’s relationship to the head of the family from the list');
        return null;
      },
      steps: [
        { status: 'in_review', note: L('The VRO/WRO is checking the birth or marriage certificate', 'వీఆర్వో/డబ్ల్యూఆర్వో జనన లేదా వివాహ ధృవపత్రాన్ని పరిశీలిస్తున్నారు') },
        { status: 'approved', note: L('The Tahsildar approved it: the member is added from next month’s ration', 'తహసీల్దార్ ఆమోదించారు: వచ్చే నెల రేషన్ నుంచి సభ్యుని పేరు చేరుతుంది') },
      ],
    },
    {
      // ration_member_remove
      path: '/ration-cards/:ration_card_number/removals',
      code: 'MR',
      kind: 'application',
      requires: ['ration_card_number', 'member', 'reason', 'proof'],
      check(body) {
        if (cardProblem(body)) return cardProblem(body);
        if (notIn(REMOVAL_REASONS, body.reason)) return refusal(422, 'INVALID_REASON', 'Choose the reason for removing the member from the list');
        return null;
      },
      steps: [
        { status: 'in_review', note: L('The VRO/WRO is verifying the proof at the secretariat', 'సచివాలయంలో వీఆర్వో/డబ్ల్యూఆర్వో ఆధారాన్ని పరిశీలిస్తున్నారు') },
        { status: 'approved', note: L('The Tahsildar approved it: the member is removed and the entitlement revised from next month', 'తహసీల్దార్ ఆమోదించారు: సభ్యుని పేరు తొలగించి, వచ్చే నెల నుంచి కోటా సవరించారు') },
      ],
    },
    {
      // ration_card_split
      path: '/ration-cards/:ration_card_number/splits',
      code: 'SPL',
      kind: 'application',
      requires: ['ration_card_number', 'moving_members', 'marriage_certificate', 'new_address'],
      check(body) {
        if (cardProblem(body)) return cardProblem(body);
        if (household(String(body.ration_card_number).trim()).members < 2) return refusal(422, 'SINGLE_MEMBER_CARD', 'This card has only one member, so it cannot be split');
        return null;
      },
      steps: [
        { status: 'in_review', note: L('The VRO/WRO is visiting the new household’s address', 'వీఆర్వో/డబ్ల్యూఆర్వో కొత్త కుటుంబ చిరునామాను పరిశీలిస్తున్నారు') },
        { status: 'approved', note: L('The Tahsildar approved the split: the new card is printed and sent to your secretariat', 'తహసీల్దార్ విభజనకు ఆమోదం తెలిపారు: కొత్త కార్డు ముద్రించి మీ సచివాలయానికి పంపుతారు') },
      ],
    },
    {
      // ration_grievance
      path: '/grievances',
      code: 'GR',
      kind: 'grievance',
      requires: ['ration_card_number', 'complaint_type', 'details'],
      check(body) {
        if (cardProblem(body)) return cardProblem(body);
        if (notIn(COMPLAINTS, body.complaint_type)) return refusal(422, 'INVALID_COMPLAINT_TYPE', 'Choose what the complaint is about from the list');
        return null;
      },
      steps: [
        { status: 'in_review', note: L('Sent to the Assistant Supply Officer (ASO), who will inspect the fair price shop', 'సహాయ సరఫరా అధికారి (ఏఎస్‌ఓ)కి పంపబడింది; వారు చౌక ధరల దుకాణాన్ని తనిఖీ చేస్తారు') },
        { status: 'resolved', note: L('The shop was inspected and action taken against the dealer; complaint closed', 'దుకాణాన్ని తనిఖీ చేసి డీలర్‌పై చర్య తీసుకున్నారు; ఫిర్యాదు ముగిసింది') },
      ],
    },
  ],
};
