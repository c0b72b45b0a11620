/**
 * The Revenue department's backend, simulated: Meebhoomi land records (1-B,
 * Adangal, survey numbers on the village map), land mutations, and the
 * e-Certificates the Tahsildar issues (income, residence, EWS, OBC,
 * integrated, local status, family member, no earnings), plus pattadar
 * passbooks, NALA conversions and land complaints. Callers authenticate with
 * OAuth 2 client credentials, as CCLA's gateway asks.
 *
 * Records are made up from the number asked for, the same every time: any
 * survey number (123, 45/2A, 1207/1B), khata number (1 to 5 digits) or
 * application number (REV/MUT/2026/000123) is a record; numbers ending in
 * 00000 belong to no one (404). Test residents (keys ending 99503, 99429,
 * 99504; names "Test Down/Busy/Slow") are played by the desk runtime.
 */
import { inList, num, param, same, str } from '../desk/fields';
import { ddmmyyyy, type Picker } from '../desk/picker';
import { DISTRICT_IDS, DISTRICTS, HEADQUARTERS, RAYALASEEMA } from '../desk/places';
import { refusal, type DeskRecord, type DeskSpec, type FilingContext, type Localized, type LookupContext, type Refusal } from '../desk/spec';

// ---------------------------------------------------------------------------
// Lists the department knows (the catalog's choice ids)

/** Roughly the middle of each district (its headquarters), for the village map. */
const CENTRES: Record<string, [number, number]> = {
  srikakulam: [18.3, 83.9], parvathipuram_manyam: [18.78, 83.43], vizianagaram: [18.11, 83.4], visakhapatnam: [17.73, 83.25],
  alluri_sitharama_raju: [18.08, 82.67], anakapalli: [17.69, 83.0], kakinada: [16.99, 82.25], east_godavari: [17.0, 81.8],
  konaseema: [16.58, 82.01], eluru: [16.71, 81.1], west_godavari: [16.54, 81.52], ntr: [16.51, 80.65], krishna: [16.19, 81.14],
  palnadu: [16.23, 80.05], guntur: [16.31, 80.44], bapatla: [15.9, 80.47], prakasam: [15.5, 80.05], nellore: [14.44, 79.99],
  kurnool: [15.83, 78.04], nandyal: [15.48, 78.48], anantapuramu: [14.68, 77.6], sri_sathya_sai: [14.17, 77.81],
  ysr_kadapa: [14.47, 78.82], annamayya: [14.06, 78.75], tirupati: [13.63, 79.42], chittoor: [13.22, 79.1],
};

/** A mandal and village for each of a few districts, when the caller names none. */
const PLACES: Array<{ district: string; mandal: Localized; village: Localized }> = [
  { district: 'guntur', mandal: { en: 'Tenali', te: 'తెనాలి' }, village: { en: 'Kolakaluru', te: 'కొలకలూరు' } },
  { district: 'ntr', mandal: { en: 'Kanchikacherla', te: 'కంచికచర్ల' }, village: { en: 'Paritala', te: 'పరిటాల' } },
  { district: 'anantapuramu', mandal: { en: 'Rapthadu', te: 'రాప్తాడు' }, village: { en: 'Rapthadu', te: 'రాప్తాడు' } },
  { district: 'kurnool', mandal: { en: 'Orvakal', te: 'ఓర్వకల్లు' }, village: { en: 'Orvakal', te: 'ఓర్వకల్లు' } },
  { district: 'east_godavari', mandal: { en: 'Kadiyam', te: 'కడియం' }, village: { en: 'Kadiyam', te: 'కడియం' } },
  { district: 'west_godavari', mandal: { en: 'Undi', te: 'ఉండి' }, village: { en: 'Undi', te: 'ఉండి' } },
  { district: 'srikakulam', mandal: { en: 'Gara', te: 'గార' }, village: { en: 'Gara', te: 'గార' } },
  { district: 'nellore', mandal: { en: 'Kovur', te: 'కోవూరు' }, village: { en: 'Kovur', te: 'కోవూరు' } },
  { district: 'chittoor', mandal: { en: 'Bangarupalem', te: 'బంగారుపాళెం' }, village: { en: 'Bangarupalem', te: 'బంగారుపాళెం' } },
  { district: 'ysr_kadapa', mandal: { en: 'Pendlimarri', te: 'పెండ్లిమర్రి' }, village: { en: 'Pendlimarri', te: 'పెండ్లిమర్రి' } },
  { district: 'visakhapatnam', mandal: { en: 'Padmanabham', te: 'పద్మనాభం' }, village: { en: 'Padmanabham', te: 'పద్మనాభం' } },
  { district: 'konaseema', mandal: { en: 'Ravulapalem', te: 'రావులపాలెం' }, village: { en: 'Ravulapalem', te: 'రావులపాలెం' } },
  { district: 'palnadu', mandal: { en: 'Rompicherla', te: 'రొంపిచర్ల' }, village: { en: 'Rompicherla', te: 'రొంపిచర్ల' } },
];

const DELTA = new Set(['kakinada', 'east_godavari', 'konaseema', 'eluru', 'west_godavari', 'krishna', 'ntr', 'srikakulam', 'vizianagaram', 'parvathipuram_manyam', 'nellore', 'bapatla']);

const CROPS: Record<'delta' | 'rayalaseema' | 'central', Localized[]> = {
  delta: [
    { en: 'Paddy (BPT 5204)', te: 'వరి (బీపీటీ 5204)' },
    { en: 'Paddy (MTU 1010)', te: 'వరి (ఎంటీయూ 1010)' },
    { en: 'Paddy (MTU 7029 Swarna)', te: 'వరి (ఎంటీయూ 7029 స్వర్ణ)' },
    { en: 'Black gram', te: 'మినుము' },
    { en: 'Coconut', te: 'కొబ్బరి' },
    { en: 'Maize', te: 'మొక్కజొన్న' },
  ],
  rayalaseema: [
    { en: 'Groundnut', te: 'వేరుశనగ' },
    { en: 'Red gram', te: 'కంది' },
    { en: 'Mango', te: 'మామిడి' },
    { en: 'Tomato', te: 'టమాటా' },
    { en: 'Bengal gram', te: 'శనగ' },
    { en: 'Sweet orange', te: 'బత్తాయి' },
  ],
  central: [
    { en: 'Chillies', te: 'మిరప' },
    { en: 'Cotton', te: 'పత్తి' },
    { en: 'Bengal gram', te: 'శనగ' },
    { en: 'Paddy', te: 'వరి' },
    { en: 'Maize', te: 'మొక్కజొన్న' },
    { en: 'Sugarcane', te: 'చెరకు' },
  ],
};

const WATER = {
  canal: { en: 'Canal', te: 'కాలువ' },
  tank: { en: 'Tank', te: 'చెరువు' },
  borewell: { en: 'Borewell', te: 'బోరుబావి' },
  rainfed: { en: 'Rainfed', te: 'వర్షాధారం' },
} as const;
const WET: Localized = { en: 'Wet (Magani)', te: 'మాగాణి' };
const DRY: Localized = { en: 'Dry (Metta)', te: 'మెట్ట' };
const NATURE: Localized[] = [
  { en: 'Patta land', te: 'పట్టా భూమి' },
  { en: 'Patta land', te: 'పట్టా భూమి' },
  { en: 'Patta land', te: 'పట్టా భూమి' },
  { en: 'Assigned land (D-Patta)', te: 'ప్రభుత్వ కేటాయింపు భూమి (డి-పట్టా)' },
  { en: 'Inam land', te: 'ఇనాం భూమి' },
];

/** Fathers and husbands, as the 1-B names them beside the pattadar. */
const RELATIVES: Localized[] = [
  { en: 'V. Venkateswarlu', te: 'వి. వెంకటేశ్వర్లు' },
  { en: 'K. Subba Rao', te: 'కె. సుబ్బారావు' },
  { en: 'P. Ramakrishna', te: 'పి. రామకృష్ణ' },
  { en: 'G. Narasimha Rao', te: 'జి. నరసింహారావు' },
  { en: 'B. Chinna Obulesu', te: 'బి. చిన్న ఓబులేసు' },
  { en: 'M. Appala Naidu', te: 'ఎం. అప్పల నాయుడు' },
  { en: 'S. Koteswara Rao', te: 'ఎస్. కోటేశ్వరరావు' },
  { en: 'Ch. Satyanarayana', te: 'చ. సత్యనారాయణ' },
];

const SEARCH_BY = ['survey_number', 'khata_number', 'pattadar_name'];
const INCOME_PURPOSE = ['scholarship', 'fee_reimbursement', 'education_admission', 'welfare_scheme', 'pension', 'housing_scheme', 'health_scheme', 'bank_loan', 'job_application', 'ews_certificate', 'court_case', 'other'];
const INCOME_SOURCE = ['farming', 'farm_labour', 'daily_wage', 'construction', 'private_job', 'government_job', 'business', 'self_employed', 'driver', 'dairy_livestock', 'fishing', 'handloom', 'artisan', 'pension', 'rent', 'other'];
const CASTE_PURPOSE = ['school_admission', 'college_admission', 'entrance_exam', 'scholarship', 'fee_reimbursement', 'government_job', 'welfare_scheme', 'corporation_loan', 'election_nomination', 'other'];
const FAMILY_PURPOSE = ['family_pension', 'compassionate_job', 'insurance_claim', 'bank_deposits', 'pf_gratuity', 'property_transfer', 'ex_gratia', 'court_case', 'other'];
const RESIDENCE_PURPOSE = ['education_admission', 'scholarship', 'job_application', 'welfare_scheme', 'bank_account_loan', 'gas_connection', 'power_connection', 'passport', 'ration_card', 'other'];
const EWS_PURPOSE = ['state_job', 'central_job', 'bank_psu_job', 'college_admission', 'entrance_exam', 'other'];
const OBC_PURPOSE = ['central_job', 'bank_psu_job', 'central_college', 'entrance_exam', 'central_school', 'central_scholarship', 'other'];
const LOCAL_PURPOSE = ['admission_counselling', 'medical_admission', 'state_job', 'other'];
const NO_EARNINGS_PURPOSE = ['scholarship', 'fee_reimbursement', 'education_loan', 'family_pension', 'welfare_scheme', 'court_case', 'other'];
const CASTE_CATEGORY = ['sc', 'st', 'bc_a', 'bc_b', 'bc_c', 'bc_d', 'bc_e'];
const DECEASED_RELATION = ['spouse', 'son', 'daughter', 'father', 'mother', 'brother', 'sister', 'grandson', 'granddaughter', 'daughter_in_law', 'other'];
const PERSON_RELATION = ['self', 'spouse', 'son', 'daughter', 'father', 'mother', 'brother', 'sister', 'other'];
const PASSBOOK_REQUEST = ['new', 'duplicate', 'correction'];
const MUTATION_REASON = ['sale', 'gift', 'inheritance', 'partition', 'settlement', 'will', 'court_decree', 'other'];
const NALA_USE = ['residential', 'housing_layout', 'commercial', 'industrial', 'educational', 'hospital', 'religious_charitable', 'petrol_bunk', 'godown', 'other'];
const LAND_COMPLAINT = ['encroachment', 'govt_land_encroachment', 'boundary_dispute', 'pathway_blocked', 'wrong_name', 'wrong_extent', 'land_missing', 'resurvey_error', 'prohibited_list', 'forged_documents', 'other'];

// ---------------------------------------------------------------------------
// Forms

/** A survey number, or a subdivision of one: 123, 45/2A, 1207/1B/2. */
const SURVEY = /^\d{1,5}(\/[0-9A-Z]{1,4}){0,2}$/;
const SURVEY_HINT = 'A survey number is digits, with a subdivision after a slash if any, for example 123 or 45/2A.';
const KHATA = /^\d{1,5}$/;
/** The department's own application numbers: REV/MUT/2026/000123. */
const APPLICATION = /^[A-Z0-9][A-Z0-9/-]{5,29}$/;

/** Where the land is: the district, mandal and village asked for (null for a district not in the list). */
function placeOf(ctx: LookupContext): { id: string; district: Localized; mandal: Localized; village: Localized } | null {
  const asked = param(ctx, 'district').toLowerCase();
  if (asked && !DISTRICTS[asked]) return null;
  const known = PLACES.filter((p) => !asked || p.district === asked);
  const fallback = known.length ? ctx.pick.one(known) : null;
  const id = asked || fallback?.district || 'guntur';
  const district = DISTRICTS[id] ?? same(id);
  const mandal = param(ctx, 'mandal');
  const village = param(ctx, 'village');
  return {
    id,
    district,
    mandal: mandal ? same(mandal) : (fallback?.mandal ?? HEADQUARTERS[id] ?? district),
    village: village ? same(village) : (fallback?.village ?? HEADQUARTERS[id] ?? district),
  };
}

const regionOf = (district: string): keyof typeof CROPS => (RAYALASEEMA.has(district) ? 'rayalaseema' : DELTA.has(district) ? 'delta' : 'central');

/** Acres and cents as the 1-B writes them: 2.35 is two acres thirty-five cents. */
const acres = (pick: Picker, min: number, max: number): string => (pick.int(min * 100, max * 100) / 100).toFixed(2);

const surveyNumber = (pick: Picker): string => `${pick.int(1, 999)}${pick.chance(0.6) ? `/${pick.int(1, 6)}${pick.one(['', '', 'A', 'B', 'C'])}` : ''}`;

/** The crop season under way (Kharif June to November, Rabi after). */
function season(today: string): Localized {
  const [year = 2026, month = 1] = today.split('-').map(Number);
  if (month >= 6 && month <= 11) return { en: `Kharif ${year}`, te: `ఖరీఫ్ ${year}` };
  const start = month === 12 ? year : year - 1;
  const label = `${start}-${String(start + 1).slice(2)}`;
  return { en: `Rabi ${label}`, te: `రబీ ${label}` };
}

// ---------------------------------------------------------------------------
// Lookups

function landRecord(ctx: LookupContext): DeskRecord | Refusal | null {
  if (ctx.key.endsWith('00000')) return null;
  const by = (param(ctx, 'search_by') || 'survey_number').toLowerCase();
  if (!SEARCH_BY.includes(by)) return null;
  if (by === 'survey_number' && !SURVEY.test(ctx.key)) return refusal(422, 'INVALID_SURVEY_NUMBER', SURVEY_HINT);
  if (by === 'khata_number' && !KHATA.test(ctx.key)) return refusal(422, 'INVALID_KHATA_NUMBER', 'A khata number has 1 to 5 digits, for example 1207. It is on the pattadar passbook.');
  if (by === 'pattadar_name' && !/^[\p{L}\p{M} .]{3,60}$/u.test(ctx.key)) {
    return refusal(422, 'INVALID_NAME', 'Please give the pattadar name as written in the passbook, at least 3 letters.');
  }
  const place = placeOf(ctx);
  if (!place) return null;
  const p = ctx.pick;
  const typed = param(ctx, 'search_value') || ctx.key;
  const water = regionOf(place.id) === 'delta' ? p.one([WATER.canal, WATER.canal, WATER.tank]) : p.one([WATER.borewell, WATER.rainfed, WATER.tank]);
  const resurveyed = p.chance(0.55);
  return {
    khata_number: by === 'khata_number' ? String(Number(ctx.key)) : String(p.int(1, 2400)),
    survey_number: by === 'survey_number' ? ctx.key : surveyNumber(p),
    pattadar: by === 'pattadar_name' ? same(typed) : p.person(),
    relative: p.one(RELATIVES),
    extent: acres(p, 0.2, 6),
    land_type: water === WATER.canal || water === WATER.tank ? WET : DRY,
    land_nature: p.one(NATURE),
    village: place.village,
    mandal: place.mandal,
    district: place.district,
    resurvey: resurveyed ? 'done' : 'pending',
    lp_number: resurveyed ? String(p.int(100, 4800)) : '-',
    updated_on: p.date(-400, -5),
  };
}

function surveyMap(ctx: LookupContext): DeskRecord | null {
  if (ctx.key.endsWith('00000')) return null;
  const place = placeOf(ctx);
  if (!place) return null;
  const p = ctx.pick;
  const [lat, lon] = CENTRES[place.id] ?? [16.3, 80.45];
  const y = (lat + (p.int(-1500, 1500) / 10000)).toFixed(5);
  const x = (lon + (p.int(-1500, 1500) / 10000)).toFixed(5);
  const base = Number(ctx.key.split('/')[0]) || p.int(2, 900);
  const n1 = p.person();
  const n2 = p.person();
  const road = p.one([
    { en: 'Panchayat road', te: 'పంచాయతీ రోడ్డు' },
    { en: 'Cart track', te: 'బండి దారి' },
    { en: 'R&B road', te: 'ఆర్ అండ్ బీ రోడ్డు' },
  ]);
  const water = p.one([
    { en: 'Irrigation channel', te: 'సాగునీటి కాలువ' },
    { en: 'Village tank bund', te: 'గ్రామ చెరువు గట్టు' },
    { en: 'Vagu (stream)', te: 'వాగు' },
  ]);
  const resurveyed = p.chance(0.55);
  return {
    survey_number: ctx.key,
    village: place.village,
    mandal: place.mandal,
    district: place.district,
    extent: acres(p, 0.3, 8),
    land_type: p.chance(0.5) ? WET : DRY,
    resurvey: resurveyed ? 'done' : 'pending',
    lp_number: resurveyed ? String(p.int(100, 4800)) : '-',
    boundaries: {
      en: `North: Sy. No. ${base + 1} (${n1.en})\nSouth: ${road.en}\nEast: ${water.en}\nWest: Sy. No. ${Math.max(1, base - 1)} (${n2.en})`,
      te: `ఉత్తరం: సర్వే నం. ${base + 1} (${n1.te})\nదక్షిణం: ${road.te}\nతూర్పు: ${water.te}\nపడమర: సర్వే నం. ${Math.max(1, base - 1)} (${n2.te})`,
    },
    latitude: y,
    longitude: x,
    map_link: `https://maps.google.com/?q=${y},${x}`,
  };
}

function adangal(ctx: LookupContext): DeskRecord | Refusal | null {
  if (ctx.key.endsWith('00000')) return null;
  if (!SURVEY.test(ctx.key)) return refusal(422, 'INVALID_SURVEY_NUMBER', SURVEY_HINT);
  const place = placeOf(ctx);
  if (!place) return null;
  const p = ctx.pick;
  const region = regionOf(place.id);
  const water = region === 'delta' ? p.one([WATER.canal, WATER.canal, WATER.tank]) : p.one([WATER.borewell, WATER.rainfed, WATER.rainfed, WATER.tank]);
  const extent = Number(acres(p, 0.3, 6));
  const fallow = p.chance(0.1);
  const cultivated = fallow ? 0 : Math.round(extent * p.int(70, 100)) / 100;
  const owner = p.person();
  const tenant = p.chance(0.25);
  let lessee = p.person();
  for (let i = 0; i < 4 && lessee.en === owner.en; i++) lessee = p.person();
  const status = fallow ? 'fallow' : tenant ? 'tenant' : 'owner';
  return {
    survey_number: ctx.key,
    khata_number: String(p.int(1, 2400)),
    village: place.village,
    mandal: place.mandal,
    district: place.district,
    pattadar: owner,
    cultivator: tenant ? lessee : owner,
    status,
    extent: extent.toFixed(2),
    cultivated: cultivated.toFixed(2),
    land_type: water === WATER.canal || water === WATER.tank ? WET : DRY,
    water_source: water,
    crop: fallow ? { en: 'None (fallow)', te: 'ఏ పంటా లేదు (బీడు)' } : p.one(CROPS[region]),
    season: season(ctx.today),
    recorded_on: p.date(-90, -3),
  };
}

const MUTATION_STAGE: Record<string, Localized> = {
  received: {
    en: 'Received at the Tahsildar office; sent to the VRO for verification of the deed and possession.',
    te: 'తహసీల్దార్ కార్యాలయంలో అందింది; దస్తావేజు, స్వాధీనం పరిశీలనకు వీఆర్వోకు పంపారు.',
  },
  in_review: {
    en: 'Notice served on the interested parties; the Revenue Inspector is verifying the record. Objections can be filed within 15 days.',
    te: 'సంబంధిత వ్యక్తులకు నోటీసు ఇచ్చారు; రెవెన్యూ ఇన్‌స్పెక్టర్ రికార్డు పరిశీలిస్తున్నారు. 15 రోజుల్లోగా అభ్యంతరాలు తెలపవచ్చు.',
  },
  documents_needed: {
    en: 'The Tahsildar needs the original registered deed and the link documents: please take them to your village secretariat.',
    te: 'తహసీల్దార్‌కు అసలు రిజిస్టర్డ్ దస్తావేజు, లింకు దస్తావేజులు కావాలి: దయచేసి మీ గ్రామ సచివాలయానికి తీసుకెళ్లండి.',
  },
  approved: {
    en: 'Approved by the Tahsildar. The 1-B and Adangal now show the new pattadar; the e-passbook follows by post.',
    te: 'తహసీల్దార్ ఆమోదించారు. 1-బి, అడంగల్‌లో కొత్త పట్టాదారు పేరు నమోదైంది; ఈ-పాసుపుస్తకం పోస్టులో వస్తుంది.',
  },
  rejected: {
    en: "Rejected by the Tahsildar: the seller's name does not match the 1-B record. You may appeal to the RDO within 60 days.",
    te: 'తహసీల్దార్ తిరస్కరించారు: అమ్మినవారి పేరు 1-బి రికార్డుతో సరిపోలలేదు. 60 రోజుల్లోగా ఆర్డీవోకు అప్పీలు చేసుకోవచ్చు.',
  },
};

const FILED_STATUS: Record<string, string> = {
  RECEIVED: 'received',
  SUBMITTED: 'received',
  IN_REVIEW: 'in_review',
  DOCUMENTS_NEEDED: 'documents_needed',
  APPROVED: 'approved',
  ISSUED: 'approved',
  RESOLVED: 'approved',
  CLOSED: 'approved',
  REJECTED: 'rejected',
};

function mutationStatus(ctx: LookupContext): DeskRecord | null {
  if (ctx.key.endsWith('00000')) return null;
  const p = ctx.pick;
  const place = ctx.pick.one(PLACES);
  const f = ctx.filed(ctx.key);
  const status = f ? (FILED_STATUS[f.status.toUpperCase()] ?? 'in_review') : p.one(['received', 'in_review', 'in_review', 'documents_needed', 'approved', 'approved', 'rejected']);
  const filedOn = f ? ddmmyyyy(f.filedAt.slice(0, 10)) : p.date(-60, -20);
  return {
    application_number: ctx.key,
    status,
    stage: MUTATION_STAGE[status] ?? MUTATION_STAGE.in_review!,
    survey_number: surveyNumber(p),
    village: place.village,
    mandal: place.mandal,
    filed_on: filedOn,
    updated_on: f ? ddmmyyyy(ctx.today) : p.date(-15, -1),
    office: { en: `Tahsildar, ${place.mandal.en}`, te: `తహసీల్దార్, ${place.mandal.te}` },
  };
}

// ---------------------------------------------------------------------------
// Filings

const notInList = (field: string, what: string): Refusal => refusal(422, `INVALID_${field.toUpperCase()}`, `Please choose ${what} from the list.`);

/** Income and purpose checks every certificate shares. */
function incomeCheck(body: Record<string, unknown>): Refusal | null {
  const income = num(body.annual_income);
  if (!Number.isFinite(income) || income < 0) return refusal(422, 'INVALID_INCOME', 'Please give the annual family income in rupees, as a number such as 120000.');
  if (income > 100_00_00_000) return refusal(422, 'INVALID_INCOME', 'That income looks wrong. Please give the yearly family income in rupees.');
  return null;
}

const futureDate = (value: unknown, ctx: FilingContext): boolean => typeof value === 'string' && value.slice(0, 10) > ctx.today;

const TAHSILDAR_STEPS = (what: Localized) => [
  {
    status: 'in_review' as const,
    note: {
      en: `Your ${what.en} application reached the Tahsildar office. The VRO of your village will verify it.`,
      te: `మీ ${what.te} దరఖాస్తు తహసీల్దార్ కార్యాలయానికి చేరింది. మీ గ్రామ వీఆర్వో పరిశీలిస్తారు.`,
    },
  },
  {
    status: 'in_review' as const,
    note: {
      en: 'The VRO and the Revenue Inspector have sent their report to the Tahsildar for signature.',
      te: 'వీఆర్వో, రెవెన్యూ ఇన్‌స్పెక్టర్ తమ నివేదికను సంతకం కోసం తహసీల్దార్‌కు పంపారు.',
    },
  },
  {
    status: 'issued' as const,
    note: {
      en: `The Tahsildar has signed your ${what.en}. It is in your DigiLocker; a printed copy is at your village or ward secretariat.`,
      te: `తహసీల్దార్ మీ ${what.te} పై సంతకం చేశారు. ఇది మీ డిజిలాకర్‌లో ఉంది; ముద్రిత ప్రతి మీ గ్రామ/వార్డు సచివాలయంలో లభిస్తుంది.`,
    },
  },
];

export const spec: DeskSpec = {
  department: 'revenue',
  slug: 'revenue',
  title: 'Meebhoomi and e-Certificates (Revenue)',
  idPrefix: 'REV',
  auth: 'oauth2',
  lookups: [
    {
      // land_records
      path: '/land/ror-1b',
      key: 'search_value',
      pattern: /^[\p{L}\p{M}0-9][\p{L}\p{M}0-9 ./-]{0,59}$/u,
      hint: 'Send a survey number (e.g. 45/2A), a khata number (e.g. 1207) or the pattadar name.',
      answer: landRecord,
    },
    {
      // survey_lookup
      path: '/land/survey',
      key: 'survey_number',
      pattern: SURVEY,
      hint: SURVEY_HINT,
      answer: surveyMap,
    },
    {
      // adangal_pahani
      path: '/land/adangal',
      key: 'survey_number',
      pattern: SURVEY,
      hint: SURVEY_HINT,
      answer: adangal,
    },
    {
      // mutation_status
      path: '/land/mutations/:application_number',
      key: 'application_number',
      pattern: APPLICATION,
      hint: 'A mutation application number looks like REV/MUT/2026/000123 (it is on your acknowledgement).',
      answer: mutationStatus,
    },
  ],
  filings: [
    {
      // income_certificate
      path: '/certificates/income',
      code: 'INC',
      kind: 'application',
      requires: ['purpose', 'annual_income', 'income_source'],
      check(body) {
        if (!inList(INCOME_PURPOSE, body.purpose)) return notInList('purpose', 'what the certificate is for');
        if (!inList(INCOME_SOURCE, body.income_source)) return notInList('income_source', 'the main source of income');
        return incomeCheck(body);
      },
      steps: TAHSILDAR_STEPS({ en: 'income certificate', te: 'ఆదాయ ధృవీకరణ పత్రం' }),
    },
    {
      // family_member_certificate
      path: '/certificates/family-member',
      code: 'FMC',
      kind: 'application',
      requires: ['deceased_name', 'date_of_death', 'death_certificate', 'relationship', 'family_members', 'purpose'],
      check(body, ctx) {
        if (futureDate(body.date_of_death, ctx)) return refusal(422, 'DATE_IN_FUTURE', 'The date of death cannot be in the future. Please check the date on the death certificate.');
        if (!inList(DECEASED_RELATION, body.relationship)) return notInList('relationship', 'your relationship to the person who died');
        if (!inList(FAMILY_PURPOSE, body.purpose)) return notInList('purpose', 'what the certificate is for');
        return null;
      },
      steps: [
        {
          status: 'in_review',
          note: {
            en: 'The Tahsildar office has sent your application to the VRO, who will record statements from two neighbours (panchanama).',
            te: 'తహసీల్దార్ కార్యాలయం మీ దరఖాస్తును వీఆర్వోకు పంపింది; ఆయన ఇద్దరు ఇరుగుపొరుగువారి వాంగ్మూలం (పంచనామా) నమోదు చేస్తారు.',
          },
        },
        {
          status: 'in_review',
          note: {
            en: 'The Revenue Inspector has verified the family members with the ration card and the death certificate.',
            te: 'రెవెన్యూ ఇన్‌స్పెక్టర్ రేషన్ కార్డు, మరణ ధృవీకరణ పత్రంతో కుటుంబ సభ్యులను సరిచూశారు.',
          },
        },
        {
          status: 'issued',
          note: {
            en: 'The Tahsildar has issued the family member certificate. It is in your DigiLocker and at your village secretariat.',
            te: 'తహసీల్దార్ కుటుంబ సభ్యుల ధృవీకరణ పత్రం జారీ చేశారు. ఇది మీ డిజిలాకర్‌లో, గ్రామ సచివాలయంలో లభిస్తుంది.',
          },
        },
      ],
    },
    {
      // residence_certificate
      path: '/certificates/residence',
      code: 'RES',
      kind: 'application',
      requires: ['address', 'years_at_address', 'purpose'],
      check(body) {
        const years = num(body.years_at_address);
        if (!Number.isFinite(years) || years < 0 || years > 100) return refusal(422, 'INVALID_YEARS', 'Please give the number of years you have lived at this address, for example 5.');
        if (!inList(RESIDENCE_PURPOSE, body.purpose)) return notInList('purpose', 'what the certificate is for');
        if (str(body.address).length < 10) return refusal(422, 'ADDRESS_INCOMPLETE', 'Please give your full address: door number, street, village or town, and mandal.');
        return null;
      },
      steps: TAHSILDAR_STEPS({ en: 'residence certificate', te: 'నివాస ధృవీకరణ పత్రం' }),
    },
    {
      // ews_certificate
      path: '/certificates/ews',
      code: 'EWS',
      kind: 'application',
      requires: ['annual_income', 'farm_land_acres', 'house_area', 'purpose'],
      check(body) {
        const bad = incomeCheck(body);
        if (bad) return bad;
        if (num(body.annual_income) >= 8_00_000) {
          return refusal(422, 'INCOME_ABOVE_LIMIT', 'The EWS certificate is only for families with a gross annual income below ₹8 lakh. Yours is above the limit.');
        }
        const land = num(body.farm_land_acres);
        const house = num(body.house_area);
        if (!Number.isFinite(land) || land < 0) return refusal(422, 'INVALID_LAND', 'Please give the farm land your family owns in acres, or 0 if none.');
        if (!Number.isFinite(house) || house < 0) return refusal(422, 'INVALID_HOUSE_AREA', 'Please give the area of your house in sq. ft, or 0 if you do not own one.');
        if (land >= 5) return refusal(422, 'LAND_ABOVE_LIMIT', 'Families owning 5 acres of farm land or more are not eligible for the EWS certificate.');
        if (house >= 1000) return refusal(422, 'HOUSE_ABOVE_LIMIT', 'Families owning a house of 1,000 sq. ft or more are not eligible for the EWS certificate.');
        if (!inList(EWS_PURPOSE, body.purpose)) return notInList('purpose', 'what the certificate is for');
        return null;
      },
      steps: TAHSILDAR_STEPS({ en: 'EWS certificate', te: 'ఈడబ్ల్యూఎస్ ధృవీకరణ పత్రం' }),
    },
    {
      // obc_certificate
      path: '/certificates/obc',
      code: 'OBC',
      kind: 'application',
      requires: ['caste', 'annual_income', 'purpose'],
      check(body) {
        const bad = incomeCheck(body);
        if (bad) return bad;
        if (num(body.annual_income) > 8_00_000) {
          return refusal(422, 'CREAMY_LAYER', 'Families with an income above ₹8 lakh a year are in the creamy layer and cannot get an OBC (non-creamy layer) certificate.');
        }
        if (!inList(OBC_PURPOSE, body.purpose)) return notInList('purpose', 'what the certificate is for');
        return null;
      },
      steps: TAHSILDAR_STEPS({ en: 'OBC (non-creamy layer) certificate', te: 'ఓబీసీ (నాన్-క్రీమీలేయర్) ధృవీకరణ పత్రం' }),
    },
    {
      // integrated_certificate
      path: '/certificates/integrated',
      code: 'INT',
      kind: 'application',
      requires: ['caste_category', 'caste', 'date_of_birth', 'place_of_birth', 'purpose'],
      check(body, ctx) {
        if (!inList(CASTE_CATEGORY, body.caste_category)) return notInList('caste_category', 'SC, ST or a BC group');
        if (futureDate(body.date_of_birth, ctx)) return refusal(422, 'DATE_IN_FUTURE', 'The date of birth cannot be in the future.');
        if (!inList(CASTE_PURPOSE, body.purpose)) return notInList('purpose', 'what the certificate is for');
        return null;
      },
      steps: TAHSILDAR_STEPS({ en: 'integrated certificate', te: 'సమీకృత ధృవీకరణ పత్రం' }),
    },
    {
      // local_status_certificate
      path: '/certificates/local-status',
      code: 'LSC',
      kind: 'application',
      requires: ['study_district', 'study_certificates', 'purpose'],
      check(body) {
        if (!inList(DISTRICT_IDS, body.study_district)) return notInList('study_district', 'a district of Andhra Pradesh');
        if (!inList(LOCAL_PURPOSE, body.purpose)) return notInList('purpose', 'what the certificate is for');
        return null;
      },
      steps: TAHSILDAR_STEPS({ en: 'local status certificate', te: 'స్థానికత ధృవీకరణ పత్రం' }),
    },
    {
      // no_earnings_certificate
      path: '/certificates/no-earnings',
      code: 'NEC',
      kind: 'application',
      requires: ['person_name', 'relationship', 'purpose'],
      check(body) {
        if (!inList(PERSON_RELATION, body.relationship)) return notInList('relationship', 'your relationship to the person');
        if (!inList(NO_EARNINGS_PURPOSE, body.purpose)) return notInList('purpose', 'what the certificate is for');
        return null;
      },
      steps: TAHSILDAR_STEPS({ en: 'no earnings certificate', te: 'ఆదాయం లేదని ధృవీకరణ పత్రం' }),
    },
    {
      // pattadar_passbook
      path: '/land/passbooks',
      code: 'PPB',
      kind: 'application',
      requires: ['request_type', 'district', 'mandal', 'village', 'khata_number'],
      check(body) {
        if (!inList(PASSBOOK_REQUEST, body.request_type)) return notInList('request_type', 'new, duplicate or correction');
        if (!inList(DISTRICT_IDS, body.district)) return notInList('district', 'a district of Andhra Pradesh');
        if (!/^[0-9A-Z/-]{1,10}$/.test(str(body.khata_number).toUpperCase())) {
          return refusal(422, 'INVALID_KHATA_NUMBER', 'Please give the khata number as it is on the 1-B record of your land, for example 1207.');
        }
        return null;
      },
      steps: [
        {
          status: 'in_review',
          note: {
            en: 'The VRO is checking your khata in the 1-B record and Aadhaar seeding.',
            te: 'వీఆర్వో 1-బి రికార్డులో మీ ఖాతాను, ఆధార్ అనుసంధానాన్ని పరిశీలిస్తున్నారు.',
          },
        },
        {
          status: 'approved',
          note: {
            en: 'The Tahsildar has digitally signed the passbook. It will be printed and sent to your village secretariat in about 15 days.',
            te: 'తహసీల్దార్ పాసుపుస్తకంపై డిజిటల్ సంతకం చేశారు. ముద్రించి సుమారు 15 రోజుల్లో మీ గ్రామ సచివాలయానికి పంపుతారు.',
          },
        },
      ],
    },
    {
      // mutation_apply
      path: '/land/mutations',
      code: 'MUT',
      kind: 'application',
      requires: ['mutation_reason', 'district', 'mandal', 'village', 'survey_number', 'deed'],
      check(body) {
        if (!inList(MUTATION_REASON, body.mutation_reason)) return notInList('mutation_reason', 'the reason for the change');
        if (!inList(DISTRICT_IDS, body.district)) return notInList('district', 'a district of Andhra Pradesh');
        if (!SURVEY.test(str(body.survey_number).toUpperCase())) return refusal(422, 'INVALID_SURVEY_NUMBER', SURVEY_HINT);
        return null;
      },
      steps: [
        {
          status: 'in_review',
          note: {
            en: 'The Tahsildar has issued notice to the interested parties. Objections can be filed within 15 days.',
            te: 'తహసీల్దార్ సంబంధిత వ్యక్తులకు నోటీసు జారీ చేశారు. 15 రోజుల్లోగా అభ్యంతరాలు తెలపవచ్చు.',
          },
        },
        {
          status: 'in_review',
          note: {
            en: 'The VRO and Revenue Inspector have verified the deed and possession on the ground.',
            te: 'వీఆర్వో, రెవెన్యూ ఇన్‌స్పెక్టర్ దస్తావేజును, క్షేత్రస్థాయిలో స్వాధీనాన్ని పరిశీలించారు.',
          },
        },
        {
          status: 'approved',
          note: {
            en: 'The Tahsildar approved the mutation. The 1-B and Adangal now show your name; the e-passbook follows.',
            te: 'తహసీల్దార్ మ్యుటేషన్ ఆమోదించారు. 1-బి, అడంగల్‌లో మీ పేరు నమోదైంది; ఈ-పాసుపుస్తకం తర్వాత వస్తుంది.',
          },
        },
      ],
    },
    {
      // land_conversion
      path: '/land/conversions',
      code: 'NALA',
      kind: 'application',
      requires: ['district', 'mandal', 'village', 'survey_number', 'extent_acres', 'proposed_use'],
      check(body) {
        if (!inList(DISTRICT_IDS, body.district)) return notInList('district', 'a district of Andhra Pradesh');
        if (!inList(NALA_USE, body.proposed_use)) return notInList('proposed_use', 'the proposed use');
        const extent = num(body.extent_acres);
        if (!Number.isFinite(extent) || extent <= 0) return refusal(422, 'INVALID_EXTENT', 'Please give the extent to convert in acres, for example 0.50.');
        if (extent > 100) return refusal(422, 'EXTENT_TOO_LARGE', 'Conversions of more than 100 acres are decided by the District Collector; please apply at the Collectorate.');
        return null;
      },
      steps: [
        {
          status: 'in_review',
          note: {
            en: 'The RDO has asked the Tahsildar for an inspection report on the land and its access road.',
            te: 'భూమి, దాని దారిపై తనిఖీ నివేదిక ఇవ్వాలని ఆర్డీవో తహసీల్దార్‌ను కోరారు.',
          },
        },
        {
          status: 'approved',
          note: {
            en: 'The RDO approved the conversion. Pay the conversion fee shown in the order; the land will then be recorded as non-agricultural.',
            te: 'ఆర్డీవో భూ వినియోగ మార్పిడిని ఆమోదించారు. ఉత్తర్వులో ఉన్న మార్పిడి రుసుము చెల్లించిన తర్వాత భూమి వ్యవసాయేతరంగా నమోదవుతుంది.',
          },
        },
      ],
    },
    {
      // land_dispute_grievance
      path: '/grievances',
      code: 'LDG',
      kind: 'grievance',
      requires: ['complaint_type', 'district', 'mandal', 'village', 'survey_number', 'details'],
      check(body) {
        if (!inList(LAND_COMPLAINT, body.complaint_type)) return notInList('complaint_type', 'what the complaint is about');
        if (!inList(DISTRICT_IDS, body.district)) return notInList('district', 'a district of Andhra Pradesh');
        return null;
      },
      steps: [
        {
          status: 'in_review',
          note: {
            en: 'Your complaint is with the Tahsildar. The mandal surveyor and the VRO will inspect the land; you will be told the date.',
            te: 'మీ ఫిర్యాదు తహసీల్దార్ వద్ద ఉంది. మండల సర్వేయర్, వీఆర్వో భూమిని తనిఖీ చేస్తారు; తేదీ మీకు తెలియజేస్తారు.',
          },
        },
        {
          status: 'in_review',
          note: {
            en: 'The surveyor measured the land in the presence of both parties and sent the sketch to the Tahsildar.',
            te: 'సర్వేయర్ ఇరుపక్షాల సమక్షంలో భూమిని కొలిచి, నక్షాను తహసీల్దార్‌కు పంపారు.',
          },
        },
        {
          status: 'resolved',
          note: {
            en: 'The Tahsildar has passed orders on your complaint and the record is corrected where needed. If you disagree, you may appeal to the RDO.',
            te: 'మీ ఫిర్యాదుపై తహసీల్దార్ ఉత్తర్వులు ఇచ్చారు; అవసరమైన చోట రికార్డు సరిచేశారు. అంగీకారం లేకపోతే ఆర్డీవోకు అప్పీలు చేసుకోవచ్చు.',
          },
        },
      ],
    },
  ],
};
