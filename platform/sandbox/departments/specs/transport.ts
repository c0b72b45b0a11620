/**
 * The Transport department's backend (the Transport Commissionerate's Vahan
 * and Sarathi services with APSRTC's buses, passes and cargo), simulated
 * behind a bearer token: live bus positions, cargo parcels, vehicle and permit
 * applications and the Stree Shakti scheme; driving licence tests and
 * renewals, permits, bus passes and bus complaints. Its ids read
 * TPT/DL/2026/000123. The challans, road tax and their payments are the
 * hand-written routes of transport-dues.ts.
 *
 * Test numbers: a ticket, LR or application number ending in 00000 is no
 * record (404); numbers ending 99503, 99429 and 99504 are the desk's test residents.
 */
import { indiaDate, isDate, str } from '../desk/fields';
import { createPicker } from '../desk/picker';
import { refusal, type DeskRecord, type DeskSpec, type Localized, type LookupContext, type Refusal } from '../desk/spec';

const VEHICLE_CLASSES = ['mcwog', 'mcwg', 'lmv', 'lmv_transport', 'auto_rickshaw', 'e_rickshaw', 'tractor', 'heavy_goods', 'heavy_passenger'];
const PERMIT_TYPES = ['goods_state', 'goods_national', 'auto_rickshaw', 'taxi', 'maxi_cab', 'contract_carriage', 'all_india_tourist', 'educational_bus', 'private_service', 'temporary', 'other'];
const PASS_TYPES = ['student_free', 'student_route', 'student_general', 'general_monthly', 'route_monthly', 'disabled', 'senior_citizen', 'other'];
const COMPLAINTS = ['rash_driving', 'crew_behaviour', 'overcharging', 'missed_stop', 'free_travel_refused', 'delay_cancellation', 'bus_condition', 'women_safety', 'lost_luggage', 'booking_refund', 'bus_stand', 'other'];

const both = (en: string, te: string): Localized => ({ en, te });
const vehicleNumber = (typed: string): string | null => {
  const n = typed.replace(/[\s-]/g, '').toUpperCase();
  return /^AP\d{2}[A-Z]{1,2}\d{4}$/.test(n) ? n : null;
};

/** A time of day (minutes after midnight, any day) as the clock says it: "6:50 pm", "సా. 6:50". */
function clock(minutes: number): Localized {
  const m = ((minutes % 1440) + 1440) % 1440;
  const h = Math.floor(m / 60);
  const hm = `${h % 12 === 0 ? 12 : h % 12}:${String(m % 60).padStart(2, '0')}`;
  const te = h < 12 ? 'ఉ.' : h < 16 ? 'మ.' : h < 20 ? 'సా.' : 'రా.';
  return both(`${hm} ${h < 12 ? 'am' : 'pm'}`, `${h < 4 ? 'తె.' : te} ${hm}`);
}

const P = {
  vijayawada: both('Vijayawada', 'విజయవాడ'),
  hanumanJunction: both('Hanuman Junction', 'హనుమాన్ జంక్షన్'),
  eluru: both('Eluru', 'ఏలూరు'),
  rajahmundry: both('Rajamahendravaram', 'రాజమహేంద్రవరం'),
  annavaram: both('Annavaram', 'అన్నవరం'),
  tuni: both('Tuni', 'తుని'),
  anakapalli: both('Anakapalli', 'అనకాపల్లి'),
  visakhapatnam: both('Visakhapatnam', 'విశాఖపట్నం'),
  guntur: both('Guntur', 'గుంటూరు'),
  chilakaluripet: both('Chilakaluripet', 'చిలకలూరిపేట'),
  ongole: both('Ongole', 'ఒంగోలు'),
  kavali: both('Kavali', 'కావలి'),
  nellore: both('Nellore', 'నెల్లూరు'),
  naidupeta: both('Naidupeta', 'నాయుడుపేట'),
  tirupati: both('Tirupati', 'తిరుపతి'),
  tagarapuvalasa: both('Tagarapuvalasa', 'తగరపువలస'),
  vizianagaram: both('Vizianagaram', 'విజయనగరం'),
  srikakulam: both('Srikakulam', 'శ్రీకాకుళం'),
  narasaraopet: both('Narasaraopet', 'నరసరావుపేట'),
  vinukonda: both('Vinukonda', 'వినుకొండ'),
  markapur: both('Markapuram', 'మార్కాపురం'),
  giddalur: both('Giddalur', 'గిద్దలూరు'),
  nandyal: both('Nandyal', 'నంద్యాల'),
  kurnool: both('Kurnool', 'కర్నూలు'),
  kadapa: both('Kadapa', 'కడప'),
  rajampet: both('Rajampet', 'రాజంపేట'),
  kodur: both('Railway Kodur', 'రైల్వే కోడూరు'),
  renigunta: both('Renigunta', 'రేణిగుంట'),
  kakinada: both('Kakinada', 'కాకినాడ'),
  samarlakota: both('Samarlakota', 'సామర్లకోట'),
  tadepalligudem: both('Tadepalligudem', 'తాడేపల్లిగూడెం'),
  nandigama: both('Nandigama', 'నందిగామ'),
  kodad: both('Kodad', 'కోదాడ'),
  suryapet: both('Suryapet', 'సూర్యాపేట'),
  hyderabad: both('Hyderabad (MGBS)', 'హైదరాబాద్ (ఎంజీబీఎస్)'),
};

/** APSRTC routes: the stops in order and the hours the run takes. */
const ROUTES: Array<{ stops: Localized[]; hours: number }> = [
  { stops: [P.vijayawada, P.hanumanJunction, P.eluru, P.rajahmundry, P.annavaram, P.tuni, P.anakapalli, P.visakhapatnam], hours: 7.5 },
  { stops: [P.vijayawada, P.guntur, P.chilakaluripet, P.ongole, P.kavali, P.nellore, P.naidupeta, P.tirupati], hours: 9 },
  { stops: [P.visakhapatnam, P.tagarapuvalasa, P.vizianagaram, P.srikakulam], hours: 3 },
  { stops: [P.guntur, P.narasaraopet, P.vinukonda, P.markapur, P.giddalur, P.nandyal, P.kurnool], hours: 8 },
  { stops: [P.kadapa, P.rajampet, P.kodur, P.renigunta, P.tirupati], hours: 3.5 },
  { stops: [P.kakinada, P.samarlakota, P.rajahmundry, P.tadepalligudem, P.eluru, P.vijayawada], hours: 5 },
  { stops: [P.vijayawada, P.nandigama, P.kodad, P.suryapet, P.hyderabad], hours: 5.5 },
];
const BUS_TYPES: Localized[] = [
  both('Palle Velugu', 'పల్లె వెలుగు'),
  both('Express', 'ఎక్స్‌ప్రెస్'),
  both('Express', 'ఎక్స్‌ప్రెస్'),
  both('Ultra Deluxe', 'అల్ట్రా డీలక్స్'),
  both('Super Luxury', 'సూపర్ లగ్జరీ'),
  both('Indra (AC)', 'ఇంద్ర (ఏసీ)'),
  both('Amaravati (AC)', 'అమరావతి (ఏసీ)'),
];

function busTracking(ctx: LookupContext): DeskRecord | null {
  if (ctx.key.endsWith('00000')) return null;
  const route = ctx.pick.one(ROUTES);
  const { stops } = route;
  const reversed = ctx.pick.chance(0.5) ? [...stops].reverse() : stops;
  const departs = ctx.pick.int(20, 88) * 15; // 5:00 am to 10:00 pm
  const status = ctx.pick.one(['not_started', 'running', 'running', 'running', 'running', 'reached']);
  const late = status !== 'not_started' && ctx.pick.chance(0.5);
  const delay = late ? ctx.pick.int(1, 9) * 5 : 0;
  // Between two stops on the way: past the first at least, short of the last.
  const at = ctx.pick.int(1, reversed.length - 2);
  return {
    service_number: /^\d{3,5}$/.test(ctx.key) ? ctx.key : String(ctx.pick.int(1000, 9899)),
    bus_type: ctx.pick.one(BUS_TYPES),
    route: both(`${reversed[0]!.en} → ${reversed.at(-1)!.en}`, `${reversed[0]!.te} → ${reversed.at(-1)!.te}`),
    origin: reversed[0]!,
    destination: reversed.at(-1)!,
    departs: clock(departs),
    last_seen: status === 'running' ? reversed[at]! : reversed[0]!,
    next_stop: status === 'running' ? reversed[at + 1]! : reversed[1]!,
    updated: ctx.pick.int(1, 9),
    eta: clock(departs + route.hours * 60 + delay),
    punctuality: late ? 'late' : 'on_time',
    delay,
    status,
  };
}

/** APSRTC cargo counters at the bus stations. */
const COUNTERS: Localized[] = [
  both('Pandit Nehru Bus Station, Vijayawada', 'పండిట్ నెహ్రూ బస్ స్టేషన్, విజయవాడ'),
  both('Dwaraka Bus Station, Visakhapatnam', 'ద్వారకా బస్ స్టేషన్, విశాఖపట్నం'),
  both('Central Bus Station, Tirupati', 'సెంట్రల్ బస్ స్టేషన్, తిరుపతి'),
  both('Guntur Bus Station', 'గుంటూరు బస్ స్టేషన్'),
  both('Rajamahendravaram Bus Station', 'రాజమహేంద్రవరం బస్ స్టేషన్'),
  both('Kakinada Bus Station', 'కాకినాడ బస్ స్టేషన్'),
  both('Nellore Bus Station', 'నెల్లూరు బస్ స్టేషన్'),
  both('Kurnool Bus Station', 'కర్నూలు బస్ స్టేషన్'),
  both('Ongole Bus Station', 'ఒంగోలు బస్ స్టేషన్'),
  both('Anantapuramu Bus Station', 'అనంతపురం బస్ స్టేషన్'),
  both('Kadapa Bus Station', 'కడప బస్ స్టేషన్'),
  both('Srikakulam Bus Station', 'శ్రీకాకుళం బస్ స్టేషన్'),
];
const HUBS: Localized[] = [
  both('the Vijayawada cargo hub', 'విజయవాడ కార్గో హబ్'),
  both('the Visakhapatnam cargo hub', 'విశాఖపట్నం కార్గో హబ్'),
  both('the Tirupati cargo hub', 'తిరుపతి కార్గో హబ్'),
  both('the Rajamahendravaram transit point', 'రాజమహేంద్రవరం ట్రాన్సిట్ కేంద్రం'),
  both('the Ongole transit point', 'ఒంగోలు ట్రాన్సిట్ కేంద్రం'),
];

function parcelTracking(ctx: LookupContext): DeskRecord | null {
  if (ctx.key.endsWith('00000')) return null;
  const from = ctx.pick.int(0, COUNTERS.length - 1);
  const to = (from + ctx.pick.int(1, COUNTERS.length - 1)) % COUNTERS.length;
  const status = ctx.pick.one(['booked', 'in_transit', 'in_transit', 'arrived', 'delivered']);
  // Days before today the parcel was booked, by where it is now.
  const [earliest, latest] = ({ booked: [0, 0], in_transit: [-2, -1], arrived: [-4, -1], delivered: [-10, -3] } as Record<string, [number, number]>)[status]!;
  const bookedOn = ctx.pick.int(earliest, latest);
  return {
    lr_number: ctx.key,
    from: COUNTERS[from]!,
    to: COUNTERS[to]!,
    booked_on: ctx.pick.date(bookedOn, bookedOn),
    articles: ctx.pick.int(1, 4),
    weight: ctx.pick.int(2, 45),
    status,
    now_at: status === 'in_transit' ? ctx.pick.one(HUBS) : status === 'booked' ? COUNTERS[from]! : COUNTERS[to]!,
    expected: status === 'delivered' || status === 'arrived' ? ctx.pick.date(bookedOn + 1, Math.min(bookedOn + 2, 0)) : ctx.pick.date(1, 2),
  };
}

const RTAS: Localized[] = [
  both('RTA office, Vijayawada', 'ఆర్టీఏ కార్యాలయం, విజయవాడ'),
  both('RTA office, Visakhapatnam', 'ఆర్టీఏ కార్యాలయం, విశాఖపట్నం'),
  both('RTA office, Guntur', 'ఆర్టీఏ కార్యాలయం, గుంటూరు'),
  both('RTA office, Tirupati', 'ఆర్టీఏ కార్యాలయం, తిరుపతి'),
  both('RTA office, Kurnool', 'ఆర్టీఏ కార్యాలయం, కర్నూలు'),
  both('RTA office, Nellore', 'ఆర్టీఏ కార్యాలయం, నెల్లూరు'),
  both('RTA office, Kakinada', 'ఆర్టీఏ కార్యాలయం, కాకినాడ'),
  both('RTA office, Anantapuramu', 'ఆర్టీఏ కార్యాలయం, అనంతపురం'),
  both('RTA office, Eluru', 'ఆర్టీఏ కార్యాలయం, ఏలూరు'),
];
const VAHAN_SERVICES: Localized[] = [
  both('New registration', 'కొత్త వాహన రిజిస్ట్రేషన్'),
  both('New registration', 'కొత్త వాహన రిజిస్ట్రేషన్'),
  both('Transfer of ownership', 'యాజమాన్య బదిలీ'),
  both('Duplicate RC', 'డూప్లికేట్ ఆర్సీ'),
  both('Change of address in RC', 'ఆర్సీలో చిరునామా మార్పు'),
  both('Removal of hypothecation', 'హైపోథికేషన్ (రుణ భారం) తొలగింపు'),
];
const PENDING: Localized[] = [
  both('vehicle inspection by the Motor Vehicle Inspector', 'మోటారు వాహన తనిఖీ అధికారి వాహన తనిఖీ'),
  both('approval by the Registering Authority', 'రిజిస్ట్రేషన్ అధికారి ఆమోదం'),
  both('verification of the dealer’s invoice and insurance', 'డీలర్ ఇన్వాయిస్, బీమా పరిశీలన'),
];
const OBJECTIONS: Localized[] = [
  both('the insurance policy has expired; upload a valid one', 'బీమా పాలసీ గడువు ముగిసింది; చెల్లుబాటు అయ్యే పాలసీని అప్‌లోడ్ చేయండి'),
  both('the seller’s signature on Form 29 is missing', 'ఫారం 29 పై అమ్మినవారి సంతకం లేదు'),
  both('the financier’s no-objection letter (Form 35) is needed', 'ఫైనాన్స్ సంస్థ నిరభ్యంతర పత్రం (ఫారం 35) అవసరం'),
];

function vehicleApplication(ctx: LookupContext): DeskRecord | Refusal | null {
  if (ctx.key.endsWith('00000')) return null;
  const f = ctx.filed(ctx.key);
  if (f && f.code !== 'PMT') return refusal(404, 'NOT_FOUND', `${f.id} is not a vehicle registration or permit application; please check the number on your acknowledgement`);
  const status = f
    ? ({ APPROVED: 'approved', ISSUED: 'approved', REJECTED: 'objection', DOCUMENTS_NEEDED: 'objection' } as Record<string, string>)[f.status] ?? 'pending'
    : ctx.pick.one(['pending', 'pending', 'approved', 'dispatched', 'dispatched', 'objection']);
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  return {
    application_number: ctx.key,
    service: f ? both('Permit', 'పర్మిట్') : ctx.pick.one(VAHAN_SERVICES),
    vehicle_number: f ? both('as in your application', 'దరఖాస్తులోని వాహనం') : `AP 39 ${letters[ctx.pick.int(0, 22)]}${letters[ctx.pick.int(0, 22)]} ${ctx.pick.digits(4)}`,
    rto: ctx.pick.one(RTAS),
    applied_on: f ? indiaDate(f.filedAt) : ctx.pick.date(-30, -8),
    updated_on: f && status === 'pending' ? indiaDate(f.filedAt) : ctx.pick.date(-7, -1),
    status,
    note: status === 'objection' ? ctx.pick.one(OBJECTIONS) : ctx.pick.one(PENDING),
    post_number: `E${letters[ctx.pick.int(0, 22)]}${ctx.pick.digits(9)}IN`,
  };
}

const APPLICATION_NUMBER = /^[A-Z0-9][A-Z0-9/-]{5,29}$/;

/** Routes bus passes are issued for. */
const PASS_ROUTES: Localized[] = [
  { en: 'Tenali to Guntur', te: 'తెనాలి నుండి గుంటూరు' },
  { en: 'Gannavaram to Vijayawada', te: 'గన్నవరం నుండి విజయవాడ' },
  { en: 'Anakapalli to Visakhapatnam', te: 'అనకాపల్లి నుండి విశాఖపట్నం' },
  { en: 'Renigunta to Tirupati', te: 'రేణిగుంట నుండి తిరుపతి' },
  { en: 'Kovur to Nellore', te: 'కోవూరు నుండి నెల్లూరు' },
];

export const spec: DeskSpec = {
  department: 'transport',
  slug: 'transport',
  title: 'Transport and APSRTC',
  idPrefix: 'TPT',
  auth: 'bearer',
  lookups: [
    {
      path: '/rtc/buses/live',
      key: 'ticket_number',
      pattern: /^(BK-[0-9A-Z]{10}|[A-Z]{0,2}\d{8,12}|\d{3,5})$/,
      hint: 'Send the ticket (PNR) number on your APSRTC ticket, like T26012345678, or the bus service number, like 9821',
      answer: busTracking,
    },
    {
      path: '/rtc/parcels/:lr_number',
      key: 'lr_number',
      pattern: /^[A-Z]{0,4}\d{8,12}$/,
      hint: 'The LR number printed on your APSRTC cargo receipt, like VJA2612345678',
      answer: parcelTracking,
    },
    {
      path: '/vehicles/applications/:application_number',
      key: 'application_number',
      pattern: APPLICATION_NUMBER,
      hint: 'The application number on your Vahan acknowledgement, like AP26012345678 (letters, digits, / or -)',
      answer: vehicleApplication,
    },
    {
      path: '/rtc/schemes/stree-shakti',
      key: '',
      answer: () => ({
        since: '15-08-2025',
        who: both('women, girls and transgender persons living in Andhra Pradesh', 'ఆంధ్రప్రదేశ్‌లో నివసించే మహిళలు, బాలికలు, ట్రాన్స్‌జెండర్లు'),
        buses: both('Palle Velugu, Ultra Palle Velugu, City Ordinary, Metro Express and Express buses', 'పల్లె వెలుగు, అల్ట్రా పల్లె వెలుగు, సిటీ ఆర్డినరీ, మెట్రో ఎక్స్‌ప్రెస్, ఎక్స్‌ప్రెస్ బస్సులు'),
        not_covered: both('Ultra Deluxe, Super Luxury and AC buses (Indra, Garuda, Amaravati and others), non-stop and inter-state services, and the Tirumala ghat buses', 'అల్ట్రా డీలక్స్, సూపర్ లగ్జరీ, ఏసీ బస్సులు (ఇంద్ర, గరుడ, అమరావతి తదితర), నాన్-స్టాప్, అంతర్రాష్ట్ర సర్వీసులు, తిరుమల ఘాట్ బస్సులు'),
        proof: both('your Aadhaar, voter ID or ration card with an Andhra Pradesh address', 'ఆంధ్రప్రదేశ్ చిరునామా ఉన్న మీ ఆధార్, ఓటర్ ఐడీ లేదా రేషన్ కార్డు'),
        helpline: '149 / 0866-2570005',
      }),
    },
  ],
  filings: [
    {
      path: '/licences',
      code: 'DL',
      kind: 'application',
      requires: ['ll_number', 'vehicle_class', 'rto', 'test_date'],
      check: (body, ctx) => {
        if (!VEHICLE_CLASSES.includes(str(body.vehicle_class))) return refusal(422, 'INVALID_VEHICLE_CLASS', 'Please choose the vehicle class from the list');
        const date = str(body.test_date);
        if (!isDate(date) || date <= ctx.today) return refusal(422, 'TEST_DATE_NOT_AHEAD', 'The test date must be a day after today');
        if (new Date(`${date}T00:00:00Z`).getUTCDay() === 0) return refusal(422, 'NO_TESTS_ON_SUNDAY', 'Driving test tracks are closed on Sundays; please choose another day');
        return null;
      },
      steps: [
        { status: 'in_review', note: both('Slot confirmed at the RTA driving test track; bring your learner licence, Aadhaar and the vehicle on the day.', 'ఆర్టీఏ డ్రైవింగ్ టెస్ట్ ట్రాక్‌లో స్లాట్ ఖరారైంది; ఆ రోజు లెర్నర్ లైసెన్సు, ఆధార్, వాహనంతో రండి.') },
        { status: 'issued', note: both('Test passed before the Motor Vehicle Inspector; the licence card is sent to you by Speed Post.', 'మోటారు వాహన తనిఖీ అధికారి ఎదుట పరీక్షలో ఉత్తీర్ణులయ్యారు; లైసెన్సు కార్డు స్పీడ్ పోస్ట్‌లో మీకు పంపుతారు.') },
      ],
    },
    {
      path: '/permits',
      code: 'PMT',
      kind: 'application',
      requires: ['vehicle_number', 'permit_type', 'route_area'],
      check: (body) => {
        if (!vehicleNumber(str(body.vehicle_number))) return refusal(422, 'INVALID_VEHICLE_NUMBER', 'Send an Andhra Pradesh registration number like AP 39 TA 1234; vehicles registered in another state get their permit there');
        if (!PERMIT_TYPES.includes(str(body.permit_type))) return refusal(422, 'INVALID_PERMIT_TYPE', 'Please choose the type of permit from the list');
        return null;
      },
      steps: [
        { status: 'in_review', note: both('The Regional Transport Authority is checking the vehicle’s fitness, insurance and tax.', 'ప్రాంతీయ రవాణా అధికార సంస్థ (ఆర్టీఏ) వాహన ఫిట్‌నెస్, బీమా, పన్ను పరిశీలిస్తోంది.') },
        { status: 'approved', note: both('Permit approved by the Secretary, RTA; pay the permit fee and collect it at the RTA office.', 'ఆర్టీఏ కార్యదర్శి పర్మిట్ ఆమోదించారు; పర్మిట్ రుసుము చెల్లించి ఆర్టీఏ కార్యాలయంలో తీసుకోండి.') },
      ],
    },
    {
      path: '/rtc/passes',
      code: 'BP',
      kind: 'application',
      requires: ['pass_type', 'from_place', 'to_place', 'photo', 'institution_id'],
      check: (body) => {
        if (!PASS_TYPES.includes(str(body.pass_type))) return refusal(422, 'INVALID_PASS_TYPE', 'Please choose the type of pass from the list');
        if (str(body.from_place).toLowerCase() === str(body.to_place).toLowerCase()) return refusal(422, 'SAME_PLACE', 'The pass needs two different places: where you get on and where you get off');
        return null;
      },
      steps: [
        { status: 'in_review', note: both('The bus pass counter of the depot is checking your ID and the route.', 'డిపో బస్ పాస్ కౌంటర్ మీ గుర్తింపు పత్రం, మార్గాన్ని పరిశీలిస్తోంది.') },
        { status: 'issued', note: both('Your pass is ready: collect it at the bus station pass counter with your Aadhaar.', 'మీ పాస్ సిద్ధంగా ఉంది: ఆధార్‌తో బస్ స్టేషన్ పాస్ కౌంటర్‌లో తీసుకోండి.') },
      ],
    },
    {
      path: '/rtc/grievances',
      code: 'GRV',
      kind: 'grievance',
      requires: ['bus_number', 'journey_date', 'complaint_type', 'details'],
      check: (body, ctx) => {
        if (!COMPLAINTS.includes(str(body.complaint_type))) return refusal(422, 'INVALID_COMPLAINT_TYPE', 'Please choose what the complaint is about from the list');
        const date = str(body.journey_date);
        if (!isDate(date) || date > ctx.today) return refusal(422, 'JOURNEY_DATE_AHEAD', 'The date of the journey cannot be after today');
        return null;
      },
      steps: [
        { status: 'in_review', note: both('Sent to the Depot Manager of the bus; the crew will be asked to explain.', 'బస్సు డిపో మేనేజర్‌కు పంపారు; సిబ్బంది నుంచి వివరణ కోరతారు.') },
        { status: 'resolved', note: both('The Depot Manager has acted on your complaint and recorded the action taken.', 'డిపో మేనేజర్ మీ ఫిర్యాదుపై చర్య తీసుకుని నమోదు చేశారు.') },
      ],
    },
    {
      path: '/licences/:licence_number/renewals',
      code: 'DLR',
      kind: 'application',
      requires: ['licence_number', 'date_of_birth', 'medical_certificate', 'photo'],
      check: (body, ctx) => {
        const licence = str(body.licence_number).replace(/[\s-]/g, '').toUpperCase();
        if (!/^([A-Z]{2}\d{13}|DLFAP\d{9,13})$/.test(licence)) return refusal(422, 'INVALID_LICENCE_NUMBER', 'A driving licence number looks like AP16 20150012345: the state, the RTO, the year and the number');
        const dob = str(body.date_of_birth);
        const adult = `${Number(ctx.today.slice(0, 4)) - 18}${ctx.today.slice(4)}`;
        if (!isDate(dob) || dob > adult) return refusal(422, 'INVALID_DATE_OF_BIRTH', 'The date of birth must be that of a person at least 18 years old, as on the licence');
        return null;
      },
      steps: [
        { status: 'in_review', note: both('The Licensing Authority at the RTA office is checking your medical certificate and photo.', 'ఆర్టీఏ కార్యాలయంలోని లైసెన్సింగ్ అధికారి మీ వైద్య ధృవపత్రం, ఫోటోను పరిశీలిస్తున్నారు.') },
        { status: 'issued', note: both('Licence renewed; the new card is sent to you by Speed Post.', 'లైసెన్సు నవీకరించారు; కొత్త కార్డు స్పీడ్ పోస్ట్‌లో మీకు పంపుతారు.') },
      ],
    },
  ],
  dues: [
    {
      // bus_pass_renewal: a student or general bus pass renewed for one or three months
      path: '/rtc/passes/:pass_number/renewal/:period',
      key: 'pass_number',
      pattern: /^[A-Z]{0,3}\d{6,10}$/,
      hint: 'A bus pass number is up to 3 letters and 6 to 10 digits, as on the pass',
      code: 'BPR',
      receiptPrefix: 'APSRTC/BP/RCPT/',
      due: ({ pick, query, today }) => {
        const months = query.period === 'three_months' ? 3 : query.period === 'one_month' ? 1 : 0;
        if (!months) return refusal(422, 'INVALID_PERIOD', 'A pass is renewed for one month or three months');
        const route = pick.one(PASS_ROUTES);
        const student = pick.chance(0.7);
        const monthly = student ? pick.int(20, 60) * 10 : pick.int(90, 180) * 10;
        return {
          period: `${query.period}-${today.slice(0, 7)}`,
          consumer: pick.person(),
          billMonth: {
            en: `${months === 1 ? 'one month' : 'three months'} (${student ? 'student' : 'general'} pass, ${route.en})`,
            te: `${months === 1 ? 'ఒక నెల' : 'మూడు నెలలు'} (${student ? 'విద్యార్థి' : 'సాధారణ'} పాస్, ${route.te})`,
          },
          // Three months cost 10% less than three single months.
          amountPaise: Math.round(monthly * months * (months === 3 ? 0.9 : 1)) * 100,
          dueDate: new Date(Date.parse(`${today}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10),
        };
      },
    },
    {
      // parcel_booking: APSRTC Cargo's charge for a parcel between two towns; the receipt is its LR number
      path: '/rtc/parcels/quote/:from_place/:to_place/:weight_kg',
      key: 'weight_kg',
      pattern: /^\d{1,3}(\.\d)?$/,
      hint: 'The weight in kilograms, up to 50',
      code: 'PCL',
      // The receipt is the consignment's LR number, as parcel tracking reads it.
      receiptPrefix: 'LR',
      receiptDigits: 10,
      quote: true,
      due: ({ query, today, pick }) => {
        const from = (query.from_place ?? '').trim();
        const to = (query.to_place ?? '').trim();
        const kg = Number(query.weight_kg);
        if (!from || !to || from.toLowerCase() === to.toLowerCase()) return refusal(422, 'SAME_PLACE', 'The parcel must go to another town than where it is booked');
        if (!(kg > 0) || kg > 50) return refusal(422, 'TOO_HEAVY', 'APSRTC Cargo takes parcels up to 50 kg at the counter; heavier goods go by its trucks');
        // The same distance for a route whichever way it is asked, whatever the weight.
        const km = createPicker([from, to].map((p) => p.toUpperCase()).sort().join('|'), today).int(40, 620);
        // ₹30 booking charge, then by weight slab and distance, as the cargo tariff card does.
        const rupees = 30 + Math.ceil(kg / 5) * (km <= 100 ? 20 : km <= 300 ? 35 : 55);
        return {
          period: today,
          consumer: { en: `${from} to ${to}`, te: `${from} నుండి ${to}` },
          billMonth: { en: `a ${kg} kg parcel, about ${km} km by bus`, te: `${kg} కిలోల పార్సెల్, బస్సులో సుమారు ${km} కి.మీ.` },
          amountPaise: rupees * 100,
          dueDate: today,
        };
      },
    },
  ],
};
