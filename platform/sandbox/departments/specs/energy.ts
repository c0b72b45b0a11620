/**
 * The Energy department's sandbox backend (APEPDCL, APCPDCL and APSPDCL behind one gateway),
 * beyond the hand-written bill routes (../energy.ts, same HMAC-signed requests): new connections,
 * category and load changes, rooftop solar under PM Surya Ghar, supply, meter and transformer
 * complaints, planned outages for a connection, application status and the APERC tariff.
 *
 * Test numbers: a service number (USC no.) is 13 digits whose first two are the circle
 * (APEPDCL 11–15, APCPDCL 21–24, APSPDCL 31–38), e.g. 2112345678901; application numbers look
 * like APDCL/NC/2026/000123. Keys ending 00000 name no record.
 */
import { electricityBill } from '../energy';
import { indiaDate, notIn } from '../desk/fields';
import { indianGrouping, type Picker } from '../desk/picker';
import { inAndhra } from '../desk/places';
import { refusal, type DeskRecord, type DeskSpec, type Localized, type Refusal } from '../desk/spec';

const L = (en: string, te: string): Localized => ({ en, te });
const SERVICE_NUMBER = /^\d{13}$/;
/** The most a connection takes on LT supply (75 HP); more needs an 11 kV (HT) service. */
const LT_LIMIT_KW = 56;

const CATEGORIES = ['domestic', 'commercial', 'industrial', 'cottage', 'agricultural', 'streetlight_water', 'general_purpose', 'temporary', 'ht'];
const POWER_COMPLAINTS = ['no_power_house', 'no_power_area', 'low_voltage', 'high_voltage', 'fluctuation', 'frequent_cuts', 'phase_missing', 'service_wire', 'other'];
const METER_COMPLAINTS = ['not_working', 'burnt', 'running_fast', 'wrong_reading', 'reading_not_taken', 'display_blank', 'seal_broken', 'meter_shifting', 'other'];
const NETWORK_COMPLAINTS = ['transformer_failed', 'transformer_sparks', 'fuse_blown', 'line_snapped', 'wires_low', 'pole_leaning', 'tree_touching', 'no_fencing', 'other'];
const SOLAR_CAPACITIES = ['kw1', 'kw2', 'kw3', 'above_3kw'];

const DISCOMS: Array<{ name: string; circles: Record<number, Localized> }> = [
  { name: 'APEPDCL', circles: { 11: L('Srikakulam', 'శ్రీకాకుళం'), 12: L('Vizianagaram', 'విజయనగరం'), 13: L('Visakhapatnam', 'విశాఖపట్నం'), 14: L('Rajamahendravaram', 'రాజమహేంద్రవరం'), 15: L('Eluru', 'ఏలూరు') } },
  { name: 'APCPDCL', circles: { 21: L('Vijayawada', 'విజయవాడ'), 22: L('Guntur', 'గుంటూరు'), 23: L('Ongole', 'ఒంగోలు'), 24: L('CRDA (Amaravati)', 'సీఆర్‌డీఏ (అమరావతి)') } },
  {
    name: 'APSPDCL',
    circles: { 31: L('Tirupati', 'తిరుపతి'), 32: L('Nellore', 'నెల్లూరు'), 33: L('Kadapa', 'కడప'), 34: L('Anantapuramu', 'అనంతపురం'), 35: L('Kurnool', 'కర్నూలు'), 36: L('Chittoor', 'చిత్తూరు'), 37: L('Nandyal', 'నంద్యాల'), 38: L('Puttaparthi', 'పుట్టపర్తి') },
  },
];
const AREAS = [L('Gandhi Nagar', 'గాంధీ నగర్'), L('Auto Nagar', 'ఆటో నగర్'), L('Market Yard', 'మార్కెట్ యార్డ్'), L('RTC Colony', 'ఆర్టీసీ కాలనీ'), L('Industrial Estate', 'ఇండస్ట్రియల్ ఎస్టేట్'), L('Housing Board', 'హౌసింగ్ బోర్డు'), L('Bypass Road', 'బైపాస్ రోడ్'), L('Ramnagar', 'రామ్‌నగర్'), L('Nehru Nagar', 'నెహ్రూ నగర్'), L('Kothapeta', 'కొత్తపేట')];

function circleOf(serviceNumber: string): { discom: string; circle: Localized } | null {
  const code = Number(serviceNumber.slice(0, 2));
  for (const d of DISCOMS) if (d.circles[code]) return { discom: d.name, circle: d.circles[code]! };
  return null;
}
function anyCircle(pick: Picker): { discom: string; circle: Localized; code: string } {
  const d = pick.one(DISCOMS);
  const code = pick.one(Object.keys(d.circles));
  return { discom: d.name, circle: d.circles[Number(code)]!, code };
}

const OUTSIDE = refusal(422, 'OUTSIDE_JURISDICTION', 'That location is outside Andhra Pradesh, where APEPDCL, APCPDCL and APSPDCL supply power');

/** The connection a body names, or why not. */
function service(body: Record<string, unknown>): { category: string } | Refusal {
  const number = String(body.service_number ?? '').trim();
  if (!SERVICE_NUMBER.test(number)) return refusal(422, 'INVALID_SERVICE_NUMBER', 'A service number (USC no.) has 13 digits; it is printed on your electricity bill');
  if (!circleOf(number)) return refusal(422, 'UNKNOWN_CIRCLE', 'The first two digits of that service number match no circle of APEPDCL, APCPDCL or APSPDCL');
  const bill = electricityBill(number);
  if (!bill || number.endsWith('00000')) return refusal(404, 'NO_SUCH_SERVICE', `There is no service connection ${number}`);
  const category = bill.category.startsWith('LT-I ') ? 'domestic' : bill.category.startsWith('LT-II') ? 'commercial' : 'agricultural';
  return { category };
}
const isRefused = (value: unknown): value is Refusal => typeof value === 'object' && value !== null && 'code' in value;

// ---- APERC retail supply tariff (paise a unit; fixed charges in rupees a kW or kVA a month) ----
interface Tariff {
  label: Localized;
  /** Telescopic slabs: [up to this many units a month (null: the rest), paise a unit]. */
  slabs: Array<[number | null, number]>;
  fixed: number;
  per: 'kW' | 'kVA';
  /** What is metered: units (kWh) or kVAh. */
  kvah?: boolean;
  units: [number, number];
  load: [number, number];
  note: Localized;
}
const TARIFFS: Record<string, Tariff> = {
  domestic: {
    label: L('LT-I Domestic', 'ఎల్‌టీ-1 గృహ వినియోగం'),
    slabs: [[30, 190], [75, 300], [125, 450], [225, 600], [400, 875], [null, 975]],
    fixed: 10,
    per: 'kW',
    units: [60, 380],
    load: [1, 3],
    note: L('Each slab’s rate applies only to the units within it. SC and ST households using up to 200 units a month pay nothing (state subsidy).', 'ప్రతి శ్లాబు ధర ఆ శ్లాబులోని యూనిట్లకే వర్తిస్తుంది. నెలకు 200 యూనిట్ల లోపు వాడే ఎస్సీ, ఎస్టీ కుటుంబాలు ఏమీ చెల్లించనవసరం లేదు (ప్రభుత్వ రాయితీ).'),
  },
  commercial: {
    label: L('LT-II Non-domestic/Commercial', 'ఎల్‌టీ-2 గృహేతర/వాణిజ్య'),
    slabs: [[50, 540], [100, 765], [300, 905], [500, 960], [null, 1015]],
    fixed: 75,
    per: 'kW',
    units: [120, 900],
    load: [2, 10],
    note: L('Shops, offices, hotels, hostels and hospitals. Rates are telescopic, like domestic.', 'దుకాణాలు, కార్యాలయాలు, హోటళ్లు, హాస్టళ్లు, ఆసుపత్రులు. గృహ వినియోగం లాగే శ్లాబుల వారీగా లెక్కిస్తారు.'),
  },
  industrial: {
    label: L('LT-III Industrial', 'ఎల్‌టీ-3 పారిశ్రామిక'),
    slabs: [[null, 670]],
    fixed: 75,
    per: 'kW',
    kvah: true,
    units: [800, 6000],
    load: [10, 50],
    note: L('Billed in kVAh; a low power factor raises the bill, so fit capacitors.', 'కేవీఏహెచ్‌లో బిల్లు చేస్తారు; పవర్ ఫ్యాక్టర్ తక్కువైతే బిల్లు పెరుగుతుంది, కెపాసిటర్లు అమర్చుకోండి.'),
  },
  cottage: {
    label: L('LT-IV Cottage industries', 'ఎల్‌టీ-4 కుటీర పరిశ్రమలు'),
    slabs: [[null, 375]],
    fixed: 20,
    per: 'kW',
    units: [80, 600],
    load: [1, 10],
    note: L('For cottage industries and dhobi ghats up to 10 HP.', '10 హెచ్‌పీ వరకు కుటీర పరిశ్రమలు, ధోబీ ఘాట్లకు.'),
  },
  agricultural: {
    label: L('LT-V Agriculture', 'ఎల్‌టీ-5 వ్యవసాయం'),
    slabs: [[null, 0]],
    fixed: 0,
    per: 'kW',
    units: [0, 0],
    load: [0, 0],
    note: L('Free power for farm pump sets, 9 hours a day in daytime; the state pays the DISCOM. Corporate farmers pay ₹3.50 a unit.', 'వ్యవసాయ పంపుసెట్లకు పగటిపూట రోజుకు 9 గంటలు ఉచిత విద్యుత్; ఆ ఖర్చు ప్రభుత్వం భరిస్తుంది. కార్పొరేట్ రైతులు యూనిట్‌కు ₹3.50 చెల్లించాలి.'),
  },
  streetlight_water: {
    label: L('LT-VI Street lights and public water works', 'ఎల్‌టీ-6 వీధి దీపాలు, ప్రజా నీటి పథకాలు'),
    slabs: [[null, 700]],
    fixed: 30,
    per: 'kW',
    units: [500, 4000],
    load: [5, 30],
    note: L('Billed to panchayats and municipalities.', 'పంచాయతీలు, పురపాలక సంస్థలకు బిల్లు చేస్తారు.'),
  },
  general_purpose: {
    label: L('LT-VII General purpose', 'ఎల్‌టీ-7 సాధారణ అవసరాలు'),
    slabs: [[null, 700]],
    fixed: 30,
    per: 'kW',
    units: [100, 1200],
    load: [1, 10],
    note: L('Places of worship, charities and government schools; places of worship up to 2 kW pay ₹5.00 a unit.', 'ప్రార్థనా స్థలాలు, ధార్మిక సంస్థలు, ప్రభుత్వ బడులు; 2 కిలోవాట్ల వరకు ఉన్న ప్రార్థనా స్థలాలకు యూనిట్‌కు ₹5.00.'),
  },
  temporary: {
    label: L('LT-VIII Temporary supply', 'ఎల్‌టీ-8 తాత్కాలిక సరఫరా'),
    slabs: [[null, 1200]],
    fixed: 40,
    per: 'kW',
    units: [200, 2000],
    load: [2, 20],
    note: L('For construction and functions; the estimated charges are paid in advance.', 'నిర్మాణాలు, శుభకార్యాల కోసం; అంచనా ఛార్జీలను ముందుగానే చెల్లించాలి.'),
  },
  ht: {
    label: L('HT-I Industry (11 kV)', 'హెచ్‌టీ-1 పరిశ్రమలు (11 కేవీ)'),
    slabs: [[null, 630]],
    fixed: 475,
    per: 'kVA',
    kvah: true,
    units: [20000, 90000],
    load: [100, 500],
    note: L('Billed in kVAh on the contracted demand; ₹1 a unit more from 6 to 10 AM and 6 to 10 PM (time of day).', 'కాంట్రాక్ట్ డిమాండ్‌పై కేవీఏహెచ్‌లో బిల్లు; ఉదయం 6–10, సాయంత్రం 6–10 గంటల మధ్య యూనిట్‌కు ₹1 అదనం (టైమ్ ఆఫ్ డే).'),
  },
};

const money = (paise: number) => `₹${(paise / 100).toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const rate = (paise: number) => `₹${(paise / 100).toFixed(2)}`;

function slabLines(t: Tariff): Localized {
  if (t.slabs.length === 1) {
    const [, p] = t.slabs[0]!;
    if (p === 0) return L('Energy: free', 'విద్యుత్ ఛార్జీ: ఉచితం');
    return t.kvah ? L(`Every kVAh: ${rate(p)}`, `ప్రతి కేవీఏహెచ్‌కు: ${rate(p)}`) : L(`Every unit: ${rate(p)}`, `ప్రతి యూనిట్‌కు: ${rate(p)}`);
  }
  let from = 0;
  const en: string[] = [];
  const te: string[] = [];
  for (const [upTo, p] of t.slabs) {
    en.push(upTo === null ? `Above ${from} units: ${rate(p)} a unit` : `${from + 1}–${upTo} units: ${rate(p)} a unit`);
    te.push(upTo === null ? `${from} యూనిట్లు దాటితే: యూనిట్‌కు ${rate(p)}` : `${from + 1}–${upTo} యూనిట్లు: యూనిట్‌కు ${rate(p)}`);
    from = upTo ?? from;
  }
  return L(en.join('\n'), te.join('\n'));
}

/** A month's bill worked out for a consumption and load the picker chooses. */
function example(t: Tariff, pick: Picker): Localized {
  if (t.slabs.every(([, p]) => p === 0)) return L('An eligible farm pump set pays nothing.', 'అర్హత గల వ్యవసాయ పంపుసెట్‌కు చెల్లించాల్సింది ఏమీ లేదు.');
  const units = Math.round(pick.int(t.units[0], t.units[1]) / 10) * 10;
  const load = pick.int(t.load[0], t.load[1]);
  let energy = 0;
  let from = 0;
  for (const [upTo, p] of t.slabs) {
    const top = upTo ?? Infinity;
    if (units > from) energy += (Math.min(units, top) - from) * p;
    from = top;
  }
  const fixed = t.fixed * load * 100;
  const duty = units * 6;
  const count = indianGrouping(units);
  return L(
    `${count} ${t.kvah ? 'kVAh' : 'units'} on a ${load} ${t.per} connection: energy ${money(energy)} + fixed ${money(fixed)} + electricity duty ${money(duty)} = ${money(energy + fixed + duty)}`,
    `${load} ${t.per === 'kVA' ? 'కేవీఏ' : load === 1 ? 'కిలోవాట్' : 'కిలోవాట్ల'} కనెక్షన్‌పై ${count} ${t.kvah ? 'కేవీఏహెచ్' : 'యూనిట్లు'}: విద్యుత్ ఛార్జీ ${money(energy)} + స్థిర ఛార్జీ ${money(fixed)} + విద్యుత్ సుంకం ${money(duty)} = ${money(energy + fixed + duty)}`,
  );
}

const REQUESTS: Record<string, Localized> = {
  NC: L('New connection', 'కొత్త కనెక్షన్'),
  CC: L('Category change', 'కేటగిరీ మార్పు'),
  LC: L('Load change', 'లోడ్ మార్పు'),
  SR: L('Rooftop solar (PM Surya Ghar)', 'రూఫ్‌టాప్ సోలార్ (పీఎం సూర్య ఘర్)'),
  PC: L('Power supply complaint', 'విద్యుత్ సరఫరా ఫిర్యాదు'),
  MC: L('Meter complaint', 'మీటర్ ఫిర్యాదు'),
  TC: L('Transformer or line complaint', 'ట్రాన్స్‌ఫార్మర్/లైన్ ఫిర్యాదు'),
};
const NOTES: Record<string, Localized> = {
  received: L('Registered at the section office; the Assistant Engineer will inspect the site.', 'సెక్షన్ కార్యాలయంలో నమోదైంది; అసిస్టెంట్ ఇంజనీర్ స్థల పరిశీలన చేస్తారు.'),
  in_review: L('Site inspected; the estimate is being prepared by the Assistant Engineer (Operation).', 'స్థల పరిశీలన పూర్తయింది; అసిస్టెంట్ ఇంజనీర్ (ఆపరేషన్) అంచనా తయారు చేస్తున్నారు.'),
  documents_needed: L('The ownership document is not clear: bring the sale deed or property tax receipt to the section office.', 'యాజమాన్య పత్రం స్పష్టంగా లేదు: సేల్ డీడ్ లేదా ఆస్తి పన్ను రసీదు సెక్షన్ కార్యాలయానికి తీసుకురండి.'),
  approved: L('Sanctioned: pay the development and security deposit charges at the ERO counter or online; the meter is fixed after that.', 'మంజూరైంది: డెవలప్‌మెంట్, సెక్యూరిటీ డిపాజిట్ ఛార్జీలను ఈఆర్‌ఓ కౌంటర్‌లో లేదా ఆన్‌లైన్‌లో చెల్లించండి; ఆ తర్వాత మీటర్ అమరుస్తారు.'),
  issued: L('Done: the meter is fixed and supply released.', 'పూర్తయింది: మీటర్ అమర్చి సరఫరా ఇచ్చారు.'),
  rejected: L('Not sanctioned: there are unpaid dues on another service in the same name; clear them and apply again.', 'మంజూరు కాలేదు: అదే పేరుపై ఉన్న మరో సర్వీసుకు బకాయిలు ఉన్నాయి; అవి చెల్లించి మళ్లీ దరఖాస్తు చేయండి.'),
  resolved: L('Attended and closed by the section office.', 'సెక్షన్ కార్యాలయం పరిష్కరించి ముగించింది.'),
  closed: L('Closed by the DISCOM.', 'డిస్కం ముగించింది.'),
};

const COMPLAINT_NOTES: Record<string, Localized> = {
  received: L('Registered at the section office; the lineman will be sent.', 'సెక్షన్ కార్యాలయంలో నమోదైంది; లైన్‌మన్‌ను పంపుతారు.'),
  in_review: L('Assigned to the section staff; the Assistant Engineer (Operation) is following it up.', 'సెక్షన్ సిబ్బందికి అప్పగించారు; అసిస్టెంట్ ఇంజనీర్ (ఆపరేషన్) పర్యవేక్షిస్తున్నారు.'),
};
const released = (serviceNumber: string) =>
  L(`Done: the meter is fixed and supply released. Your service number is ${serviceNumber}.`, `పూర్తయింది: మీటర్ అమర్చి సరఫరా ఇచ్చారు. మీ సర్వీసు నంబరు ${serviceNumber}.`);

const TIMES: Array<[Localized, Localized]> = [
  [L('9:00 AM', 'ఉదయం 9:00'), L('1:00 PM', 'మధ్యాహ్నం 1:00')],
  [L('10:00 AM', 'ఉదయం 10:00'), L('2:00 PM', 'మధ్యాహ్నం 2:00')],
  [L('8:00 AM', 'ఉదయం 8:00'), L('11:00 AM', 'ఉదయం 11:00')],
  [L('2:00 PM', 'మధ్యాహ్నం 2:00'), L('5:00 PM', 'సాయంత్రం 5:00')],
];
const WORKS = [
  L('tree trimming along the 11 kV line', '11 కేవీ లైన్ వెంబడి చెట్ల కొమ్మల తొలగింపు'),
  L('maintenance of the substation', 'సబ్‌స్టేషన్ నిర్వహణ పనులు'),
  L('replacing poles and conductor on the feeder', 'ఫీడర్‌పై స్తంభాలు, తీగల మార్పిడి'),
  L('erecting a new distribution transformer', 'కొత్త డిస్ట్రిబ్యూషన్ ట్రాన్స్‌ఫార్మర్ ఏర్పాటు'),
];

export const spec: DeskSpec = {
  department: 'energy',
  slug: 'energy',
  title: 'AP DISCOMs (Energy)',
  idPrefix: 'APDCL',
  auth: 'hmac',
  lookups: [
    {
      // outage_alerts: planned shutdowns and the supply now on the connection's feeder.
      path: '/outages',
      key: 'service_number',
      pattern: SERVICE_NUMBER,
      hint: 'A service number (USC no.) has 13 digits; it is printed on your electricity bill',
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const where = circleOf(ctx.key);
        if (!where) return refusal(422, 'UNKNOWN_CIRCLE', 'The first two digits of that service number match no circle of APEPDCL, APCPDCL or APSPDCL');
        // The same connections as the bills (../energy.ts): a number it knows no bill for is no connection.
        if (!electricityBill(ctx.key)) return null;
        const feeder = ctx.pick.one(AREAS);
        const substation = ctx.pick.one(AREAS);
        const planned = ctx.pick.chance(0.55);
        const [from, to] = ctx.pick.one(TIMES);
        const interrupted = ctx.pick.chance(0.15);
        return {
          service_number: ctx.key,
          discom: where.discom,
          circle: where.circle,
          feeder: L(`11 kV ${feeder.en} feeder`, `11 కేవీ ${feeder.te} ఫీడర్`),
          substation: L(`33/11 kV ${substation.en} substation, ${where.circle.en}`, `${where.circle.te} 33/11 కేవీ ${substation.te} సబ్‌స్టేషన్`),
          planned: planned ? 'yes' : 'no',
          outage_date: ctx.pick.date(1, 6),
          from_time: from,
          to_time: to,
          work: ctx.pick.one(WORKS),
          supply: interrupted ? 'interrupted' : 'normal',
          cause: ctx.pick.one([L('a breakdown on the 11 kV line', '11 కేవీ లైన్‌లో లోపం'), L('a fault at the distribution transformer', 'డిస్ట్రిబ్యూషన్ ట్రాన్స్‌ఫార్మర్‌లో లోపం'), L('a tree fallen on the line', 'లైన్‌పై చెట్టు పడటం')]),
          restore_by: ctx.pick.one([L('within 1 hour', 'గంటలోపు'), L('within 2 hours', '2 గంటల్లోపు'), L('by this evening', 'ఈ సాయంత్రానికి')]),
        };
      },
    },
    {
      // connection_status: a new connection, category or load change, rooftop solar or complaint.
      path: '/applications/:application_number',
      key: 'application_number',
      pattern: /^[A-Z0-9][A-Z0-9/-]{5,29}$/,
      hint: 'An application number looks like APDCL/NC/2026/000123',
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const f = ctx.filed(ctx.key);
        const code = f?.code ?? /^APDCL\/([A-Z]{2,4})\//.exec(ctx.key)?.[1] ?? 'NC';
        const complaint = code === 'PC' || code === 'MC' || code === 'TC';
        const status = f
          ? f.status.toLowerCase()
          : complaint
            ? ctx.pick.one(['in_review', 'resolved', 'resolved'])
            : ctx.pick.one(['received', 'in_review', 'in_review', 'documents_needed', 'approved', 'approved', 'issued', 'issued', 'rejected']);
        const where = anyCircle(ctx.pick);
        const section = ctx.pick.one(AREAS);
        return {
          number: f?.id ?? ctx.key,
          request: REQUESTS[code] ?? L('Service request', 'సేవా అభ్యర్థన'),
          status,
          filed_on: f ? indiaDate(f.filedAt) : ctx.pick.date(-45, -2),
          office: L(`Assistant Engineer (Operation), ${section.en} section, ${where.circle.en} circle, ${where.discom}`, `అసిస్టెంట్ ఇంజనీర్ (ఆపరేషన్), ${section.te} సెక్షన్, ${where.circle.te} సర్కిల్, ${where.discom}`),
          note:
            status === 'issued' && code === 'NC'
              ? released(`${where.code}${ctx.pick.digits(11)}`)
              : ((complaint ? COMPLAINT_NOTES[status] : undefined) ?? NOTES[status] ?? NOTES.received!),
        } satisfies DeskRecord;
      },
    },
    {
      // tariff_info: the APERC tariff for a category, with a month's bill worked out.
      path: '/tariffs/:category',
      key: 'category',
      hint: 'Choose a connection category from the list',
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const tariff = TARIFFS[ctx.key.toLowerCase()];
        if (!tariff) return null;
        const [year, month] = ctx.today.split('-').map(Number) as [number, number];
        const fy = month >= 4 ? year : year - 1;
        return {
          category: tariff.label,
          slabs: slabLines(tariff),
          fixed: tariff.fixed === 0 ? L('No fixed charge', 'స్థిర ఛార్జీ లేదు') : L(`₹${tariff.fixed} a ${tariff.per} of contracted load a month`, `కాంట్రాక్ట్ లోడ్‌లో ప్రతి ${tariff.per === 'kVA' ? 'కేవీఏకు' : 'కిలోవాట్‌కు'} నెలకు ₹${tariff.fixed}`),
          example: example(tariff, ctx.pick),
          note: tariff.note,
          effective: L(`APERC retail supply tariff for ${fy}-${String(fy + 1).slice(2)}, in force from 1 April ${fy}`, `${fy}-${String(fy + 1).slice(2)} ఏపీఈఆర్‌సీ రిటైల్ సరఫరా టారిఫ్, 1 ఏప్రిల్ ${fy} నుంచి అమల్లో ఉంది`),
        };
      },
    },
  ],
  filings: [
    {
      // new_connection
      path: '/connections',
      code: 'NC',
      kind: 'application',
      requires: ['category', 'load_kw', 'location', 'ownership_document'],
      check(body) {
        if (notIn(CATEGORIES, body.category)) return refusal(422, 'INVALID_CATEGORY', 'Choose the connection category from the list');
        const load = Number(body.load_kw);
        if (!Number.isFinite(load) || load <= 0) return refusal(422, 'INVALID_LOAD', 'The load needed must be a number of kW above 0, e.g. 2');
        if (body.category !== 'ht' && load > LT_LIMIT_KW) return refusal(422, 'HT_SUPPLY_NEEDED', `A load above ${LT_LIMIT_KW} kW (75 HP) cannot be given on LT supply: apply under the High tension (HT) category`);
        if (!inAndhra(body.location)) return OUTSIDE;
        return null;
      },
      steps: [
        { status: 'in_review', note: L('Site inspection by the Assistant Engineer (Operation) of your section', 'మీ సెక్షన్ అసిస్టెంట్ ఇంజనీర్ (ఆపరేషన్) స్థల పరిశీలన చేస్తున్నారు') },
        { status: 'approved', note: L('Estimate sanctioned: pay the development and security deposit charges at the ERO or online', 'అంచనా మంజూరైంది: డెవలప్‌మెంట్, సెక్యూరిటీ డిపాజిట్ ఛార్జీలను ఈఆర్‌ఓ వద్ద లేదా ఆన్‌లైన్‌లో చెల్లించండి') },
        { status: 'issued', note: L('Meter fixed and supply released; your new service number is on the release order', 'మీటర్ అమర్చి సరఫరా ఇచ్చారు; మీ కొత్త సర్వీసు నంబరు రిలీజ్ ఆర్డర్‌లో ఉంది') },
      ],
    },
    {
      // power_complaint
      path: '/complaints/supply',
      code: 'PC',
      kind: 'grievance',
      requires: ['service_number', 'complaint_type', 'location'],
      check(body) {
        const found = service(body);
        if (isRefused(found)) return found;
        if (notIn(POWER_COMPLAINTS, body.complaint_type)) return refusal(422, 'INVALID_COMPLAINT_TYPE', 'Choose what the complaint is about from the list');
        if (!inAndhra(body.location)) return OUTSIDE;
        return null;
      },
      steps: [
        { status: 'in_review', note: L('Assigned to the lineman of your section; the Assistant Engineer (Operation) is informed', 'మీ సెక్షన్ లైన్‌మన్‌కు అప్పగించారు; అసిస్టెంట్ ఇంజనీర్ (ఆపరేషన్)కు సమాచారం ఇచ్చారు') },
        { status: 'resolved', note: L('Supply set right by the section staff and the complaint closed', 'సెక్షన్ సిబ్బంది సరఫరాను సరిచేసి ఫిర్యాదు ముగించారు') },
      ],
    },
    {
      // meter_complaint
      path: '/complaints/meter',
      code: 'MC',
      kind: 'grievance',
      requires: ['service_number', 'complaint_type', 'photo'],
      check(body) {
        const found = service(body);
        if (isRefused(found)) return found;
        if (notIn(METER_COMPLAINTS, body.complaint_type)) return refusal(422, 'INVALID_COMPLAINT_TYPE', 'Choose what the complaint is about from the list');
        return null;
      },
      steps: [
        { status: 'in_review', note: L('The meter will be tested at your premises by the MRT (Meter and Relay Testing) wing', 'ఎంఆర్‌టీ (మీటర్ అండ్ రిలే టెస్టింగ్) విభాగం మీ ఇంటి వద్ద మీటర్‌ను పరీక్షిస్తుంది') },
        { status: 'resolved', note: L('Meter tested; a faulty meter is replaced and the bill revised by the ERO', 'మీటర్ పరీక్షించారు; లోపం ఉంటే మీటర్ మార్చి, ఈఆర్‌ఓ బిల్లును సవరిస్తారు') },
      ],
    },
    {
      // transformer_complaint
      path: '/complaints/network',
      code: 'TC',
      kind: 'grievance',
      requires: ['location', 'complaint_type'],
      check(body) {
        if (notIn(NETWORK_COMPLAINTS, body.complaint_type)) return refusal(422, 'INVALID_COMPLAINT_TYPE', 'Choose what the complaint is about from the list');
        if (!inAndhra(body.location)) return OUTSIDE;
        return null;
      },
      steps: [
        { status: 'in_review', note: L('Line staff sent to the spot by the Assistant Engineer (Operation); keep away from fallen wires', 'అసిస్టెంట్ ఇంజనీర్ (ఆపరేషన్) లైన్ సిబ్బందిని పంపారు; తెగిన తీగలకు దూరంగా ఉండండి') },
        { status: 'resolved', note: L('The transformer or line was repaired and supply restored', 'ట్రాన్స్‌ఫార్మర్/లైన్ మరమ్మతు చేసి సరఫరా పునరుద్ధరించారు') },
      ],
    },
    {
      // category_change
      path: '/connections/:service_number/category',
      code: 'CC',
      kind: 'application',
      requires: ['service_number', 'new_category'],
      check(body) {
        const found = service(body);
        if (isRefused(found)) return found;
        if (notIn(CATEGORIES, body.new_category)) return refusal(422, 'INVALID_CATEGORY', 'Choose the new category from the list');
        if (body.new_category === found.category) return refusal(422, 'SAME_CATEGORY', 'The connection is already in that category');
        if (body.new_category === 'temporary') return refusal(422, 'NOT_A_CATEGORY_CHANGE', 'Temporary supply is a separate connection: apply for a new connection instead');
        if (body.new_category === 'ht') return refusal(422, 'HT_SUPPLY_NEEDED', 'HT supply needs a new 11 kV service: apply for a new connection under High tension');
        return null;
      },
      steps: [
        { status: 'in_review', note: L('The Assistant Engineer (Operation) will inspect how the premises is used', 'ప్రాంగణం వినియోగాన్ని అసిస్టెంట్ ఇంజనీర్ (ఆపరేషన్) పరిశీలిస్తారు') },
        { status: 'approved', note: L('Category changed by the ERO; the new tariff applies from the next bill', 'ఈఆర్‌ఓ కేటగిరీ మార్చారు; వచ్చే బిల్లు నుంచి కొత్త టారిఫ్ వర్తిస్తుంది') },
      ],
    },
    {
      // load_change
      path: '/connections/:service_number/load',
      code: 'LC',
      kind: 'application',
      requires: ['service_number', 'new_load_kw'],
      check(body) {
        const found = service(body);
        if (isRefused(found)) return found;
        const load = Number(body.new_load_kw);
        if (!Number.isFinite(load) || load < 0.5) return refusal(422, 'INVALID_LOAD', 'The new load must be at least 0.5 kW');
        if (load > LT_LIMIT_KW) return refusal(422, 'HT_SUPPLY_NEEDED', `A load above ${LT_LIMIT_KW} kW (75 HP) cannot be given on LT supply: it needs an HT (11 kV) service`);
        return null;
      },
      steps: [
        { status: 'in_review', note: L('Load survey by the Assistant Engineer (Operation); the transformer capacity is being checked', 'అసిస్టెంట్ ఇంజనీర్ (ఆపరేషన్) లోడ్ సర్వే; ట్రాన్స్‌ఫార్మర్ సామర్థ్యాన్ని పరిశీలిస్తున్నారు') },
        { status: 'approved', note: L('New load sanctioned: pay the development charges; it applies from the next bill', 'కొత్త లోడ్ మంజూరైంది: డెవలప్‌మెంట్ ఛార్జీలు చెల్లించండి; వచ్చే బిల్లు నుంచి వర్తిస్తుంది') },
      ],
    },
    {
      // solar_rooftop
      path: '/solar-rooftop',
      code: 'SR',
      kind: 'application',
      requires: ['service_number', 'capacity', 'roof_photo'],
      check(body) {
        const found = service(body);
        if (isRefused(found)) return found;
        if (notIn(SOLAR_CAPACITIES, body.capacity)) return refusal(422, 'INVALID_CAPACITY', 'Choose the capacity from the list');
        if (found.category !== 'domestic') return refusal(422, 'NOT_DOMESTIC', 'The PM Surya Ghar subsidy is only for domestic (LT-I) connections, and this service is not domestic');
        return null;
      },
      steps: [
        { status: 'in_review', note: L('Technical feasibility being checked by the DISCOM; then choose a registered vendor on the PM Surya Ghar portal', 'డిస్కం సాంకేతిక సాధ్యాసాధ్యాలను పరిశీలిస్తోంది; తర్వాత పీఎం సూర్య ఘర్ పోర్టల్‌లో నమోదైన వెండర్‌ను ఎంచుకోండి') },
        { status: 'approved', note: L('Plant inspected and net meter fixed: the subsidy is released to your bank account', 'ప్లాంట్ తనిఖీ పూర్తయి నెట్ మీటర్ అమర్చారు: సబ్సిడీ మీ బ్యాంకు ఖాతాకు జమ అవుతుంది') },
      ],
    },
  ],
};
