/**
 * The Municipal Administration department's (CDMA) sandbox backend, beyond the hand-written
 * certificate, civic grievance and dues routes (../municipal.ts, same OAuth 2.0 client
 * credentials): trade licences, water connections, building permissions and their status on
 * DPMS, new property tax assessments and adding a child's name to a birth record.
 *
 * Test numbers: building permission applications look like CDMA/BP/2026/000123; assessment
 * numbers are 10 digits (ending 000: no such property). Keys ending 00000 name no record.
 */
import { indiaDate, isDate, notIn } from '../desk/fields';
import { indianGrouping, type Picker } from '../desk/picker';
import { inAndhra } from '../desk/places';
import { refusal, type DeskSpec, type Localized, type Refusal } from '../desk/spec';

const L = (en: string, te: string): Localized => ({ en, te });

const TRADE_TYPES = ['kirana', 'hotel_restaurant', 'tiffin_tea', 'bakery_sweets', 'meat_fish', 'fruits_vegetables', 'medical_shop', 'clinic_hospital', 'textiles', 'tailoring', 'jewellery', 'electronics_mobile', 'hardware_paints', 'building_material', 'furniture', 'salon_beauty', 'laundry', 'vehicle_workshop', 'welding_fabrication', 'flour_rice_mill', 'lodge', 'function_hall', 'school_coaching', 'gym', 'printing_xerox', 'godown', 'office', 'other'];
const WATER_CONNECTION_TYPES = ['domestic', 'commercial', 'bulk'];

const ULBS: Array<{ name: Localized; code: string }> = [
  { name: L('Greater Visakhapatnam Municipal Corporation', 'మహా విశాఖ నగర పాలక సంస్థ'), code: 'GVMC' },
  { name: L('Vijayawada Municipal Corporation', 'విజయవాడ నగర పాలక సంస్థ'), code: 'VMC' },
  { name: L('Guntur Municipal Corporation', 'గుంటూరు నగర పాలక సంస్థ'), code: 'GMC' },
  { name: L('Tirupati Municipal Corporation', 'తిరుపతి నగర పాలక సంస్థ'), code: 'TMC' },
  { name: L('Nellore Municipal Corporation', 'నెల్లూరు నగర పాలక సంస్థ'), code: 'NMC' },
  { name: L('Kurnool Municipal Corporation', 'కర్నూలు నగర పాలక సంస్థ'), code: 'KMC' },
  { name: L('Kakinada Municipal Corporation', 'కాకినాడ నగర పాలక సంస్థ'), code: 'KKD' },
  { name: L('Rajamahendravaram Municipal Corporation', 'రాజమహేంద్రవరం నగర పాలక సంస్థ'), code: 'RMC' },
  { name: L('Eluru Municipal Corporation', 'ఏలూరు నగర పాలక సంస్థ'), code: 'EMC' },
  { name: L('Tenali Municipality', 'తెనాలి పురపాలక సంఘం'), code: 'TNL' },
  { name: L('Narasaraopet Municipality', 'నరసరావుపేట పురపాలక సంఘం'), code: 'NRT' },
];

const NOTES: Record<string, Localized> = {
  received: L('Received on DPMS; the Town Planning Building Overseer will inspect the site.', 'డీపీఎంఎస్‌లో అందింది; టౌన్ ప్లానింగ్ బిల్డింగ్ ఓవర్‌సీర్ స్థల పరిశీలన చేస్తారు.'),
  in_review: L('Site inspected; the Town Planning Officer is checking the plan against the AP Building Rules, 2017.', 'స్థల పరిశీలన పూర్తయింది; ఏపీ భవన నిర్మాణ నిబంధనలు, 2017 ప్రకారం టౌన్ ప్లానింగ్ అధికారి ప్లాన్‌ను పరిశీలిస్తున్నారు.'),
  documents_needed: L('Shortfall: upload the link documents of the plot and the structural stability certificate on DPMS.', 'లోపాలు ఉన్నాయి: ప్లాటు లింకు డాక్యుమెంట్లు, నిర్మాణ స్థిరత్వ ధృవపత్రాన్ని డీపీఎంఎస్‌లో అప్‌లోడ్ చేయండి.'),
  approved: L('Approved by the Commissioner: pay the building permit fee on DPMS to get the permit.', 'కమిషనర్ ఆమోదించారు: అనుమతి పత్రం కోసం డీపీఎంఎస్‌లో భవన అనుమతి రుసుము చెల్లించండి.'),
  issued: L('Building permit issued: download it from DPMS and keep a copy at the site.', 'భవన అనుమతి పత్రం జారీ అయింది: డీపీఎంఎస్ నుంచి డౌన్‌లోడ్ చేసి ఒక ప్రతిని నిర్మాణ స్థలంలో ఉంచండి.'),
  rejected: L('Rejected: part of the plot falls in the road widening area of the Master Plan. See the Town Planning section.', 'తిరస్కరించారు: ప్లాటులో కొంత భాగం మాస్టర్ ప్లాన్ రోడ్డు విస్తరణ పరిధిలో ఉంది. టౌన్ ప్లానింగ్ విభాగాన్ని సంప్రదించండి.'),
  resolved: L('Resolved by the municipality.', 'పురపాలక సంస్థ పరిష్కరించింది.'),
  closed: L('Closed by the municipality.', 'పురపాలక సంస్థ ముగించింది.'),
};
const OFFICERS: Record<string, Localized> = {
  received: L('Town Planning Building Overseer', 'టౌన్ ప్లానింగ్ బిల్డింగ్ ఓవర్‌సీర్'),
  in_review: L('Town Planning Officer', 'టౌన్ ప్లానింగ్ అధికారి'),
  documents_needed: L('Town Planning Officer', 'టౌన్ ప్లానింగ్ అధికారి'),
};
const COMMISSIONER = L('Municipal Commissioner', 'మున్సిపల్ కమిషనర్');

const OUTSIDE = refusal(422, 'OUTSIDE_JURISDICTION', 'That location is outside Andhra Pradesh');
const ulbProblem = (body: Record<string, unknown>): Refusal | null => (String(body.ulb ?? '').trim().length > 100 ? refusal(422, 'INVALID_ULB', 'Give the name of your municipality or corporation (up to 100 characters)') : null);
/** An area in a body, within bounds, or a refusal naming the field. */
function area(value: unknown, field: string, min: number, max: number, unit: string): Refusal | null {
  const n = Number(value);
  return Number.isFinite(n) && n >= min && n <= max ? null : refusal(422, `INVALID_${field.toUpperCase()}`, `The ${field.replace(/_/g, ' ')} must be between ${min} and ${indianGrouping(max)} ${unit}`);
}

function permitNumber(ulb: { code: string }, pick: Picker, today: string): string {
  return `${ulb.code}/BP/${pick.int(1000, 9999)}/${today.slice(0, 4)}`;
}

/** Trade licences: what the shop sells, and whose it is (for the renewal's read-back). */
const TRADES: Localized[] = [
  { en: 'general stores', te: 'జనరల్ స్టోర్స్' },
  { en: 'hotel and tiffin centre', te: 'హోటల్ మరియు టిఫిన్ సెంటర్' },
  { en: 'medical shop', te: 'మందుల దుకాణం' },
  { en: 'hardware', te: 'హార్డ్‌వేర్' },
  { en: 'textiles', te: 'వస్త్ర దుకాణం' },
];
const SHOPS: Localized[] = [
  { en: 'Sri Lakshmi General Stores', te: 'శ్రీ లక్ష్మి జనరల్ స్టోర్స్' },
  { en: 'Venkateswara Tiffin Centre', te: 'వెంకటేశ్వర టిఫిన్ సెంటర్' },
  { en: 'Sai Ram Medicals', te: 'సాయి రామ్ మెడికల్స్' },
  { en: 'Durga Hardware', te: 'దుర్గా హార్డ్‌వేర్' },
  { en: 'Padmavathi Textiles', te: 'పద్మావతి టెక్స్‌టైల్స్' },
];

export const spec: DeskSpec = {
  department: 'municipal',
  slug: 'municipal',
  title: 'CDMA (Municipal Administration)',
  idPrefix: 'CDMA',
  auth: 'oauth2',
  lookups: [
    {
      // building_plan_status: a building permission application on DPMS.
      path: '/building-permissions/:application_number',
      key: 'application_number',
      pattern: /^[A-Z0-9][A-Z0-9/-]{5,29}$/,
      hint: 'An application number looks like CDMA/BP/2026/000123',
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const f = ctx.filed(ctx.key);
        const status = f ? f.status.toLowerCase() : ctx.pick.one(['received', 'in_review', 'in_review', 'documents_needed', 'approved', 'issued', 'issued', 'rejected']);
        const ulb = ctx.pick.one(ULBS);
        return {
          number: f?.id ?? ctx.key,
          ulb: ulb.name,
          status,
          filed_on: f ? indiaDate(f.filedAt) : ctx.pick.date(-90, -5),
          officer: OFFICERS[status] ?? COMMISSIONER,
          note: NOTES[status] ?? NOTES.received!,
          fee: ctx.pick.rupees(8_000, 95_000, 10),
          permit_number: status === 'issued' ? permitNumber(ulb, ctx.pick, ctx.today) : '',
        };
      },
    },
  ],
  filings: [
    {
      // trade_licence
      path: '/trade-licences',
      code: 'TL',
      kind: 'application',
      requires: ['ulb', 'business_name', 'trade_type', 'location', 'shop_area', 'premises_proof'],
      check(body) {
        if (notIn(TRADE_TYPES, body.trade_type)) return refusal(422, 'INVALID_TRADE_TYPE', 'Choose the type of trade from the list');
        if (!inAndhra(body.location)) return OUTSIDE;
        return ulbProblem(body) ?? area(body.shop_area, 'shop_area', 20, 100_000, 'sq. ft');
      },
      steps: [
        { status: 'in_review', note: L('The Sanitary Inspector of your ward will inspect the premises', 'మీ వార్డు శానిటరీ ఇన్‌స్పెక్టర్ దుకాణాన్ని తనిఖీ చేస్తారు') },
        { status: 'issued', note: L('Trade licence issued by the Municipal Commissioner; renew it every year before 31 March', 'మున్సిపల్ కమిషనర్ ట్రేడ్ లైసెన్స్ జారీ చేశారు; ప్రతి ఏటా మార్చి 31 లోపు పునరుద్ధరించుకోండి') },
      ],
    },
    {
      // water_connection
      path: '/water/connections',
      code: 'WC',
      kind: 'application',
      requires: ['ulb', 'assessment_number', 'connection_type', 'location'],
      check(body) {
        const assessment = String(body.assessment_number ?? '').trim();
        if (!/^\d{10}$/.test(assessment)) return refusal(422, 'INVALID_ASSESSMENT_NUMBER', 'A property tax assessment number has 10 digits; it is on your property tax receipt');
        if (assessment.endsWith('000')) return refusal(422, 'NO_SUCH_ASSESSMENT', 'There is no property tax assessment with that number: a tap connection is given only to an assessed property');
        if (notIn(WATER_CONNECTION_TYPES, body.connection_type)) return refusal(422, 'INVALID_CONNECTION_TYPE', 'Choose domestic, commercial or bulk');
        if (!inAndhra(body.location)) return OUTSIDE;
        return ulbProblem(body);
      },
      steps: [
        { status: 'in_review', note: L('Site inspection by the Assistant Engineer (water supply) of the Public Health section', 'ప్రజారోగ్య విభాగం అసిస్టెంట్ ఇంజనీర్ (నీటి సరఫరా) స్థల పరిశీలన చేస్తున్నారు') },
        { status: 'approved', note: L('Sanctioned: pay the connection and road cutting charges, then the licensed plumber lays the pipe', 'మంజూరైంది: కనెక్షన్, రోడ్ కటింగ్ ఛార్జీలు చెల్లించండి; తర్వాత లైసెన్స్ ప్లంబర్ పైపు వేస్తారు') },
        { status: 'issued', note: L('Tap connection given; water charges start from next month', 'కుళాయి కనెక్షన్ ఇచ్చారు; వచ్చే నెల నుంచి నీటి ఛార్జీలు మొదలవుతాయి') },
      ],
    },
    {
      // building_permission
      path: '/building-permissions',
      code: 'BP',
      kind: 'application',
      requires: ['ulb', 'location', 'plot_area', 'floors', 'ownership_document', 'building_plan'],
      check(body) {
        if (!inAndhra(body.location)) return OUTSIDE;
        const floors = Number(body.floors);
        if (!Number.isInteger(floors) || floors < 1) return refusal(422, 'INVALID_FLOORS', 'The number of floors must be a whole number, 1 or more');
        if (floors > 5) return refusal(422, 'HIGH_RISE', 'A building of more than 5 floors (above 18 m) is a high-rise: it needs a fire NOC and approval by DTCP, not the municipality alone');
        return ulbProblem(body) ?? area(body.plot_area, 'plot_area', 30, 50_000, 'sq. yards');
      },
      steps: [
        { status: 'in_review', note: L('The Town Planning Building Overseer is inspecting the site and checking the plan', 'టౌన్ ప్లానింగ్ బిల్డింగ్ ఓవర్‌సీర్ స్థలాన్ని, ప్లాన్‌ను పరిశీలిస్తున్నారు') },
        { status: 'approved', note: L('Approved by the Commissioner: pay the building permit fee on DPMS', 'కమిషనర్ ఆమోదించారు: డీపీఎంఎస్‌లో భవన అనుమతి రుసుము చెల్లించండి') },
        { status: 'issued', note: L('Building permit issued on DPMS: keep a copy at the site', 'డీపీఎంఎస్‌లో భవన అనుమతి పత్రం జారీ అయింది: ఒక ప్రతిని నిర్మాణ స్థలంలో ఉంచండి') },
      ],
    },
    {
      // property_assessment
      path: '/property-tax/assessments',
      code: 'PA',
      kind: 'application',
      requires: ['ulb', 'location', 'built_up_area', 'building_permission', 'ownership_document'],
      check(body) {
        if (!inAndhra(body.location)) return OUTSIDE;
        return ulbProblem(body) ?? area(body.built_up_area, 'built_up_area', 50, 200_000, 'sq. ft');
      },
      steps: [
        { status: 'in_review', note: L('The Ward Revenue Secretary will measure the building', 'వార్డు రెవెన్యూ కార్యదర్శి భవనాన్ని కొలుస్తారు') },
        { status: 'issued', note: L('Assessment number allotted by the Revenue Officer; property tax is due from the next half-year', 'రెవెన్యూ అధికారి అసెస్‌మెంట్ నంబరు కేటాయించారు; వచ్చే అర్ధ సంవత్సరం నుంచి ఆస్తి పన్ను చెల్లించాలి') },
      ],
    },
    {
      // birth_name_inclusion
      path: '/certificates/birth/:registration_number/name',
      code: 'BNI',
      kind: 'application',
      requires: ['registration_number', 'child_name', 'date_of_birth'],
      check(body, ctx) {
        if (!/^[A-Z0-9][A-Z0-9/-]{3,29}$/i.test(String(body.registration_number ?? '').trim())) return refusal(422, 'INVALID_REGISTRATION_NUMBER', 'Give the registration number printed on the birth certificate');
        if (String(body.child_name ?? '').trim().length > 100) return refusal(422, 'INVALID_NAME', "The child's name can be up to 100 characters");
        const born = String(body.date_of_birth ?? '');
        if (!isDate(born)) return refusal(422, 'INVALID_DATE', 'The date of birth must be written YYYY-MM-DD');
        if (born > ctx.today) return refusal(422, 'INVALID_DATE', 'The date of birth is in the future');
        const limit = `${Number(ctx.today.slice(0, 4)) - 15}${ctx.today.slice(4)}`;
        if (born < limit) return refusal(422, 'TIME_LIMIT_PASSED', "A child's name can be added to a birth record only within 15 years of the birth; see the Registrar of Births and Deaths at the municipal office");
        return null;
      },
      steps: [
        { status: 'in_review', note: L('Checked by the Registrar of Births and Deaths (Municipal Health Officer)', 'జనన మరణాల రిజిస్ట్రార్ (మున్సిపల్ ఆరోగ్య అధికారి) పరిశీలిస్తున్నారు') },
        { status: 'issued', note: L('Name added: download the new birth certificate from the CDMA portal or collect it at your ward secretariat', 'పేరు చేర్చారు: కొత్త జనన ధృవపత్రాన్ని సీడీఎంఏ పోర్టల్ నుంచి డౌన్‌లోడ్ చేసుకోండి లేదా వార్డు సచివాలయంలో తీసుకోండి') },
      ],
    },
  ],
  dues: [
    {
      // trade_licence_renewal: the year's renewal fee of a trade licence, by its number
      path: '/trade-licences/:trade_licence_number/renewal',
      key: 'trade_licence_number',
      pattern: /^[A-Z]{0,4}\d{6,12}$/,
      hint: 'A trade licence number is up to 4 letters and 6 to 12 digits, as on the licence (TL20231234)',
      code: 'TL',
      receiptPrefix: 'CDMA/TL/RCPT/',
      due: ({ pick, today }) => {
        const year = Number(today.slice(0, 4));
        // The licence year runs April to March: renewals are due by 31 March.
        const start = Number(today.slice(5, 7)) >= 4 ? year : year - 1;
        const period = `${start}-${String(start + 1).slice(2)}`;
        const trade = pick.one(TRADES);
        return {
          period,
          consumer: pick.one(SHOPS),
          billMonth: { en: `${period} (${trade.en})`, te: `${period} (${trade.te})` },
          amountPaise: pick.int(15, 250) * 10_000,
          dueDate: `${start + 1}-03-31`,
        };
      },
    },
  ],
};
