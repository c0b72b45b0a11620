/**
 * The Skill Development department's backend (APSSDC, with OMCAP for jobs
 * abroad), simulated behind a bearer token: free courses and job melas by
 * district, overseas openings by country, course registrations and their
 * certificates; the skill census, course enrolment and job mela
 * registration. Its ids read APSSDC/ENR/2026/000123.
 *
 * Test numbers: a registration number ending in 00000 is no registration (404);
 * numbers ending 99503, 99429 and 99504 are the desk's test residents.
 */
import { join, str } from '../desk/fields';
import { indianGrouping, type Picker } from '../desk/picker';
import { DISTRICT_IDS, DISTRICTS, HEADQUARTERS } from '../desk/places';
import { refusal, type DeskRecord, type DeskSpec, type Localized, type LookupContext, type Refusal } from '../desk/spec';

const both = (en: string, te: string): Localized => ({ en, te });
/** n distinct items of a list, in the picker's order. */
function some<T>(pick: Picker, list: readonly T[], n: number): T[] {
  const pool = [...list];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(pick.int(0, pool.length - 1), 1)[0]!);
  return out;
}

const HELPLINE = '99888 53335';

/** Each district's other town with an APSSDC skill hub, besides its headquarters. */
const HUB_TOWNS: Record<string, Localized> = {
  srikakulam: both('Palasa', 'పలాస'),
  parvathipuram_manyam: both('Salur', 'సాలూరు'),
  vizianagaram: both('Bobbili', 'బొబ్బిలి'),
  visakhapatnam: both('Gajuwaka', 'గాజువాక'),
  alluri_sitharama_raju: both('Araku Valley', 'అరకులోయ'),
  anakapalli: both('Narsipatnam', 'నర్సీపట్నం'),
  kakinada: both('Peddapuram', 'పెద్దాపురం'),
  east_godavari: both('Kovvur', 'కొవ్వూరు'),
  konaseema: both('Ramachandrapuram', 'రామచంద్రపురం'),
  eluru: both('Jangareddygudem', 'జంగారెడ్డిగూడెం'),
  west_godavari: both('Tanuku', 'తణుకు'),
  ntr: both('Nandigama', 'నందిగామ'),
  krishna: both('Gudivada', 'గుడివాడ'),
  palnadu: both('Macherla', 'మాచర్ల'),
  guntur: both('Tenali', 'తెనాలి'),
  bapatla: both('Chirala', 'చీరాల'),
  prakasam: both('Markapuram', 'మార్కాపురం'),
  nellore: both('Kavali', 'కావలి'),
  kurnool: both('Adoni', 'ఆదోని'),
  nandyal: both('Allagadda', 'ఆళ్లగడ్డ'),
  anantapuramu: both('Guntakal', 'గుంతకల్లు'),
  sri_sathya_sai: both('Hindupur', 'హిందూపురం'),
  ysr_kadapa: both('Proddatur', 'ప్రొద్దుటూరు'),
  annamayya: both('Madanapalle', 'మదనపల్లె'),
  tirupati: both('Srikalahasti', 'శ్రీకాళహస్తి'),
  chittoor: both('Kuppam', 'కుప్పం'),
};
/** Each district with its headquarters town and its other skill hub town. */
const DISTRICT_HUBS: Record<string, { name: Localized; towns: [Localized, Localized] }> = Object.fromEntries(
  DISTRICT_IDS.map((id) => [id, { name: DISTRICTS[id]!, towns: [HEADQUARTERS[id]!, HUB_TOWNS[id]!] }]),
);
const ALL_TOWNS = Object.values(DISTRICT_HUBS).flatMap((d) => d.towns);

/** Where APSSDC trains: a skill hub in a government college or ITI of the town. */
const CENTRES: Array<(town: Localized) => Localized> = [
  (t) => both(`Skill Hub, Govt ITI, ${t.en}`, `స్కిల్ హబ్, ప్రభుత్వ ఐటీఐ, ${t.te}`),
  (t) => both(`Skill Hub, Govt Polytechnic, ${t.en}`, `స్కిల్ హబ్, ప్రభుత్వ పాలిటెక్నిక్, ${t.te}`),
  (t) => both(`Skill Hub, Govt Degree College, ${t.en}`, `స్కిల్ హబ్, ప్రభుత్వ డిగ్రీ కళాశాల, ${t.te}`),
];

const ELIGIBILITY = {
  none: both('no minimum education', 'కనీస విద్యార్హత అవసరం లేదు'),
  c8: both('Class 8 pass', '8వ తరగతి ఉత్తీర్ణత'),
  c10: both('Class 10 pass', 'పదో తరగతి ఉత్తీర్ణత'),
  inter: both('Intermediate pass', 'ఇంటర్మీడియట్ ఉత్తీర్ణత'),
  bipc: both('Intermediate (BiPC)', 'ఇంటర్మీడియట్ (బైపీసీ)'),
  iti: both('ITI or diploma', 'ఐటీఐ లేదా డిప్లొమా'),
  commerce: both('B.Com or Intermediate (CEC/MEC)', 'బీకాం లేదా ఇంటర్ (సీఈసీ/ఎంఈసీ)'),
  degree: both('any degree or B.Tech', 'ఏదైనా డిగ్రీ లేదా బీటెక్'),
} as const;
type Course = { name: Localized; weeks: number; needs: keyof typeof ELIGIBILITY };
const c = (en: string, te: string, weeks: number, needs: keyof typeof ELIGIBILITY): Course => ({ name: both(en, te), weeks, needs });
const duration = (weeks: number): Localized => (weeks % 4 === 0 ? both(`${weeks / 4} month${weeks === 4 ? '' : 's'}`, `${weeks / 4} నెల${weeks === 4 ? '' : 'లు'}`) : both(`${weeks} weeks`, `${weeks} వారాలు`));

const SECTORS: Record<string, { name: Localized; courses: Course[] }> = {
  it_ites: { name: both('IT and computers', 'ఐటీ, కంప్యూటర్'), courses: [c('Data entry operator', 'డేటా ఎంట్రీ ఆపరేటర్', 12, 'c10'), c('Full stack developer', 'ఫుల్ స్టాక్ డెవలపర్', 16, 'degree'), c('Data analytics with AI tools', 'ఏఐ టూల్స్‌తో డేటా అనలిటిక్స్', 12, 'degree'), c('Customer care executive (BPO)', 'కస్టమర్ కేర్ ఎగ్జిక్యూటివ్ (బీపీఓ)', 8, 'inter')] },
  electronics: { name: both('electronics and mobile', 'ఎలక్ట్రానిక్స్, మొబైల్'), courses: [c('Mobile phone repair technician', 'మొబైల్ ఫోన్ రిపేర్ టెక్నీషియన్', 12, 'c10'), c('CCTV installation technician', 'సీసీటీవీ ఇన్‌స్టలేషన్ టెక్నీషియన్', 8, 'c10'), c('Electronics assembly operator', 'ఎలక్ట్రానిక్స్ అసెంబ్లీ ఆపరేటర్', 8, 'iti')] },
  electrical_solar: { name: both('electrical and solar', 'ఎలక్ట్రికల్, సోలార్'), courses: [c('Solar PV installer', 'సోలార్ పీవీ ఇన్‌స్టాలర్', 12, 'c10'), c('Domestic electrician', 'గృహ విద్యుత్ ఎలక్ట్రీషియన్', 12, 'c10'), c('AC and refrigeration technician', 'ఏసీ, రిఫ్రిజిరేషన్ టెక్నీషియన్', 12, 'c10')] },
  automotive: { name: both('automotive', 'ఆటోమొబైల్'), courses: [c('Two-wheeler service technician', 'ద్విచక్ర వాహన సర్వీస్ టెక్నీషియన్', 12, 'c10'), c('EV service technician', 'ఈవీ సర్వీస్ టెక్నీషియన్', 12, 'iti'), c('Car service assistant', 'కారు సర్వీస్ అసిస్టెంట్', 12, 'c10')] },
  manufacturing: { name: both('manufacturing and welding', 'తయారీ, వెల్డింగ్'), courses: [c('CNC operator', 'సీఎన్‌సీ ఆపరేటర్', 12, 'iti'), c('Arc and gas welder', 'ఆర్క్, గ్యాస్ వెల్డర్', 12, 'c8'), c('Fitter (fabrication)', 'ఫిట్టర్ (ఫ్యాబ్రికేషన్)', 12, 'c10')] },
  construction: { name: both('construction and plumbing', 'నిర్మాణం, ప్లంబింగ్'), courses: [c('Plumber (general)', 'ప్లంబర్ (జనరల్)', 8, 'c8'), c('Mason (tiling and finishing)', 'మేస్త్రీ (టైల్స్, ఫినిషింగ్)', 8, 'none'), c('Bar bender and steel fixer', 'బార్ బెండర్, స్టీల్ ఫిక్సర్', 8, 'c8')] },
  healthcare: { name: both('healthcare', 'ఆరోగ్య సంరక్షణ'), courses: [c('General duty assistant', 'జనరల్ డ్యూటీ అసిస్టెంట్', 12, 'c10'), c('Phlebotomy technician', 'ఫ్లెబోటమీ టెక్నీషియన్', 12, 'bipc'), c('Pharmacy assistant', 'ఫార్మసీ అసిస్టెంట్', 12, 'inter')] },
  apparel: { name: both('tailoring and apparel', 'టైలరింగ్, దుస్తులు'), courses: [c('Sewing machine operator', 'కుట్టు మెషిన్ ఆపరేటర్', 8, 'none'), c('Self-employed tailor', 'స్వయం ఉపాధి దర్జీ', 12, 'c8'), c('Hand embroiderer (maggam work)', 'మగ్గం వర్క్ ఎంబ్రాయిడరీ', 8, 'none')] },
  beauty: { name: both('beauty and wellness', 'బ్యూటీ, వెల్‌నెస్'), courses: [c('Assistant beauty therapist', 'అసిస్టెంట్ బ్యూటీ థెరపిస్ట్', 12, 'c8'), c('Hair stylist', 'హెయిర్ స్టైలిస్ట్', 12, 'c10'), c('Bridal make-up artist', 'బ్రైడల్ మేకప్ ఆర్టిస్ట్', 8, 'c10')] },
  retail: { name: both('retail and sales', 'రిటైల్, అమ్మకాలు'), courses: [c('Retail sales associate', 'రిటైల్ సేల్స్ అసోసియేట్', 8, 'c10'), c('Cashier and billing', 'క్యాషియర్, బిల్లింగ్', 8, 'inter'), c('Store operations assistant', 'స్టోర్ ఆపరేషన్స్ అసిస్టెంట్', 8, 'c10')] },
  banking: { name: both('banking and accounts', 'బ్యాంకింగ్, అకౌంట్స్'), courses: [c('Accounts executive with Tally', 'ట్యాలీతో అకౌంట్స్ ఎగ్జిక్యూటివ్', 12, 'commerce'), c('Business correspondent (banking)', 'బిజినెస్ కరస్పాండెంట్ (బ్యాంకింగ్)', 8, 'inter'), c('GST and e-filing assistant', 'జీఎస్టీ, ఈ-ఫైలింగ్ అసిస్టెంట్', 8, 'commerce')] },
  logistics: { name: both('logistics and delivery', 'లాజిస్టిక్స్, డెలివరీ'), courses: [c('Warehouse associate', 'వేర్‌హౌస్ అసోసియేట్', 8, 'c10'), c('Delivery associate', 'డెలివరీ అసోసియేట్', 4, 'c8'), c('Forklift operator', 'ఫోర్క్‌లిఫ్ట్ ఆపరేటర్', 4, 'c8')] },
  hospitality: { name: both('hotels and tourism', 'హోటళ్లు, పర్యాటకం'), courses: [c('Food and beverage steward', 'ఫుడ్ అండ్ బెవరేజ్ స్టీవార్డ్', 12, 'c10'), c('Commis chef', 'కమీ చెఫ్ (వంట సహాయకులు)', 12, 'c10'), c('Front office associate', 'ఫ్రంట్ ఆఫీస్ అసోసియేట్', 12, 'inter')] },
  agriculture: { name: both('agriculture and food processing', 'వ్యవసాయం, ఆహార శుద్ధి'), courses: [c('Natural farming practitioner', 'ప్రకృతి వ్యవసాయ సాధకులు', 4, 'none'), c('Millet and pickle processing', 'చిరుధాన్యాలు, పచ్చళ్ల తయారీ', 6, 'c8'), c('Dairy farm entrepreneur', 'పాడి పరిశ్రమ నిర్వహణ', 4, 'none')] },
  aquaculture: { name: both('aqua and fisheries', 'ఆక్వా, మత్స్య'), courses: [c('Shrimp farm technician', 'రొయ్యల చెరువు టెక్నీషియన్', 6, 'c8'), c('Fish seed hatchery assistant', 'చేప పిల్లల హేచరీ అసిస్టెంట్', 6, 'c10'), c('Seafood processing worker', 'సముద్ర ఆహార శుద్ధి కార్మికులు', 4, 'none')] },
  drones: { name: both('drones', 'డ్రోన్లు'), courses: [c('Drone pilot (DGCA remote pilot certificate)', 'డ్రోన్ పైలట్ (డీజీసీఏ రిమోట్ పైలట్ సర్టిఫికెట్)', 2, 'c10'), c('Agri-drone spraying operator', 'వ్యవసాయ డ్రోన్ స్ప్రేయింగ్ ఆపరేటర్', 2, 'c10'), c('Drone service technician', 'డ్రోన్ సర్వీస్ టెక్నీషియన్', 4, 'iti')] },
  soft_skills: { name: both('English and soft skills', 'ఇంగ్లీష్, కమ్యూనికేషన్'), courses: [c('Spoken English and interview skills', 'స్పోకెన్ ఇంగ్లీష్, ఇంటర్వ్యూ నైపుణ్యాలు', 4, 'c10'), c('Communicative English for BPO jobs', 'బీపీఓ ఉద్యోగాలకు కమ్యూనికేటివ్ ఇంగ్లీష్', 8, 'inter'), c('Computer basics and digital skills', 'కంప్యూటర్ ప్రాథమికాంశాలు, డిజిటల్ నైపుణ్యాలు', 4, 'c8')] },
  other: { name: both('skill', 'నైపుణ్య'), courses: [c('Data entry operator', 'డేటా ఎంట్రీ ఆపరేటర్', 12, 'c10'), c('General duty assistant', 'జనరల్ డ్యూటీ అసిస్టెంట్', 12, 'c10'), c('Domestic electrician', 'గృహ విద్యుత్ ఎలక్ట్రీషియన్', 12, 'c10'), c('Sewing machine operator', 'కుట్టు మెషిన్ ఆపరేటర్', 8, 'none')] },
};

/** The catalog's courses, with the Sector Skill Council that assesses each and the least education it takes. */
const COURSES: Record<string, { name: Localized; assessor: Localized; min: number }> = {
  data_entry: { name: both('Data entry operator', 'డేటా ఎంట్రీ ఆపరేటర్'), assessor: both('IT-ITeS Sector Skill Council (NASSCOM)', 'ఐటీ-ఐటీఈఎస్ సెక్టార్ స్కిల్ కౌన్సిల్ (నాస్కామ్)'), min: 2 },
  tally_accounts: { name: both('Tally and accounts', 'ట్యాలీ, అకౌంట్స్'), assessor: both('BFSI Sector Skill Council of India', 'బీఎఫ్ఎస్ఐ సెక్టార్ స్కిల్ కౌన్సిల్ ఆఫ్ ఇండియా'), min: 3 },
  web_developer: { name: both('Full stack developer', 'ఫుల్ స్టాక్ డెవలపర్'), assessor: both('IT-ITeS Sector Skill Council (NASSCOM)', 'ఐటీ-ఐటీఈఎస్ సెక్టార్ స్కిల్ కౌన్సిల్ (నాస్కామ్)'), min: 4 },
  data_analytics: { name: both('Data analytics, AI', 'డేటా అనలిటిక్స్, ఏఐ'), assessor: both('IT-ITeS Sector Skill Council (NASSCOM)', 'ఐటీ-ఐటీఈఎస్ సెక్టార్ స్కిల్ కౌన్సిల్ (నాస్కామ్)'), min: 4 },
  customer_care: { name: both('Customer care (BPO)', 'కస్టమర్ కేర్ (బీపీఓ)'), assessor: both('IT-ITeS Sector Skill Council (NASSCOM)', 'ఐటీ-ఐటీఈఎస్ సెక్టార్ స్కిల్ కౌన్సిల్ (నాస్కామ్)'), min: 3 },
  retail_sales: { name: both('Retail sales associate', 'రిటైల్ సేల్స్ అసోసియేట్'), assessor: both('Retailers Association’s Skill Council of India', 'రిటైలర్స్ అసోసియేషన్ స్కిల్ కౌన్సిల్ ఆఫ్ ఇండియా'), min: 2 },
  electrician: { name: both('Electrician', 'ఎలక్ట్రీషియన్'), assessor: both('Power Sector Skill Council', 'పవర్ సెక్టార్ స్కిల్ కౌన్సిల్'), min: 2 },
  solar_technician: { name: both('Solar PV installer', 'సోలార్ పీవీ ఇన్‌స్టాలర్'), assessor: both('Skill Council for Green Jobs', 'స్కిల్ కౌన్సిల్ ఫర్ గ్రీన్ జాబ్స్'), min: 2 },
  ac_refrigeration: { name: both('AC and fridge repair', 'ఏసీ, ఫ్రిజ్ రిపేర్'), assessor: both('Electronics Sector Skills Council of India', 'ఎలక్ట్రానిక్స్ సెక్టార్ స్కిల్స్ కౌన్సిల్ ఆఫ్ ఇండియా'), min: 2 },
  mobile_repair: { name: both('Mobile phone repair', 'మొబైల్ ఫోన్ రిపేర్'), assessor: both('Electronics Sector Skills Council of India', 'ఎలక్ట్రానిక్స్ సెక్టార్ స్కిల్స్ కౌన్సిల్ ఆఫ్ ఇండియా'), min: 2 },
  two_wheeler: { name: both('Two-wheeler mechanic', 'ద్విచక్ర వాహన మెకానిక్'), assessor: both('Automotive Skills Development Council', 'ఆటోమోటివ్ స్కిల్స్ డెవలప్‌మెంట్ కౌన్సిల్'), min: 2 },
  ev_technician: { name: both('EV technician', 'ఈవీ టెక్నీషియన్'), assessor: both('Automotive Skills Development Council', 'ఆటోమోటివ్ స్కిల్స్ డెవలప్‌మెంట్ కౌన్సిల్'), min: 2 },
  cnc_operator: { name: both('CNC operator', 'సీఎన్‌సీ ఆపరేటర్'), assessor: both('Capital Goods Skill Council', 'క్యాపిటల్ గూడ్స్ స్కిల్ కౌన్సిల్'), min: 2 },
  welder: { name: both('Welder', 'వెల్డర్'), assessor: both('Capital Goods Skill Council', 'క్యాపిటల్ గూడ్స్ స్కిల్ కౌన్సిల్'), min: 1 },
  plumber: { name: both('Plumber', 'ప్లంబర్'), assessor: both('Indian Plumbing Skills Council', 'ఇండియన్ ప్లంబింగ్ స్కిల్స్ కౌన్సిల్'), min: 1 },
  sewing: { name: both('Sewing machine operator', 'కుట్టు మెషిన్ ఆపరేటర్'), assessor: both('Apparel Made-ups and Home Furnishing Sector Skill Council', 'అపెరల్ మేడ్-అప్స్, హోమ్ ఫర్నిషింగ్ సెక్టార్ స్కిల్ కౌన్సిల్'), min: 0 },
  beautician: { name: both('Beautician', 'బ్యూటీషియన్'), assessor: both('Beauty and Wellness Sector Skill Council', 'బ్యూటీ అండ్ వెల్‌నెస్ సెక్టార్ స్కిల్ కౌన్సిల్'), min: 1 },
  gda: { name: both('General duty assistant', 'జనరల్ డ్యూటీ అసిస్టెంట్'), assessor: both('Healthcare Sector Skill Council', 'హెల్త్‌కేర్ సెక్టార్ స్కిల్ కౌన్సిల్'), min: 2 },
  hotel_steward: { name: both('Hotel steward, cook', 'హోటల్ స్టీవార్డ్, వంట'), assessor: both('Tourism and Hospitality Skill Council', 'టూరిజం అండ్ హాస్పిటాలిటీ స్కిల్ కౌన్సిల్'), min: 2 },
  warehouse: { name: both('Warehouse associate', 'వేర్‌హౌస్ అసోసియేట్'), assessor: both('Logistics Sector Skill Council', 'లాజిస్టిక్స్ సెక్టార్ స్కిల్ కౌన్సిల్'), min: 2 },
  drone_pilot: { name: both('Drone pilot', 'డ్రోన్ పైలట్'), assessor: both('a DGCA-approved remote pilot training organisation', 'డీజీసీఏ గుర్తింపు పొందిన రిమోట్ పైలట్ శిక్షణ సంస్థ'), min: 2 },
  spoken_english: { name: both('Spoken English', 'స్పోకెన్ ఇంగ్లీష్'), assessor: both('APSSDC', 'ఏపీఎస్ఎస్‌డీసీ'), min: 2 },
  other: { name: both('Skill course', 'నైపుణ్య కోర్సు'), assessor: both('APSSDC', 'ఏపీఎస్ఎస్‌డీసీ'), min: 0 },
};
const COURSE_IDS = Object.keys(COURSES);
const MIN_NAMES = ['', 'Class 8', 'Class 10', 'Intermediate or ITI', 'a diploma, degree or B.Tech'];

/** The catalog's education levels, as a rank to compare with a course's least. */
const EDUCATION: Record<string, number> = { no_schooling: 0, below_10: 1, ssc: 2, inter: 3, iti: 3, diploma: 4, degree: 5, engineering: 5, nursing_pharmacy: 5, pg: 6, other: 2 };
const JOB_INTERESTS = ['it_software', 'office_data_entry', 'bpo', 'sales', 'factory', 'technician', 'driver_delivery', 'construction', 'healthcare', 'hotel', 'tailoring', 'security', 'teaching', 'banking_accounts', 'agri_aqua', 'self_employment', 'abroad', 'other'];

const APPLICATION_NUMBER = /^[A-Z0-9][A-Z0-9/-]{5,29}$/;
const APPLICATION_HINT = 'The registration number on your APSSDC acknowledgement, for example APSSDC/ENR/2026/000123';

function centreOf(pick: Picker): Localized {
  return pick.one(CENTRES)(pick.one(ALL_TOWNS));
}

function trainingProgrammes(ctx: LookupContext): DeskRecord | Refusal | null {
  const district = DISTRICT_HUBS[ctx.key.toLowerCase()];
  if (!district) return null;
  const sector = SECTORS[String(ctx.query.sector ?? '').trim().toLowerCase()];
  if (!sector) return refusal(422, 'INVALID_SECTOR', 'Please choose the trade or sector from the list');
  const rows = some(ctx.pick, sector.courses, 3).map((course): Localized => {
    const centre = ctx.pick.one(CENTRES)(ctx.pick.one(district.towns));
    const d = duration(course.weeks);
    const e = ELIGIBILITY[course.needs];
    const starts = ctx.pick.date(5, 40);
    return both(`• *${course.name.en}* (${d.en}): ${centre.en}; ${e.en}; batch starts ${starts}`, `• *${course.name.te}* (${d.te}): ${centre.te}; ${e.te}; బ్యాచ్ ${starts} నుంచి`);
  });
  return { district: district.name, sector: sector.name, lines: join(rows), helpline: HELPLINE };
}

const TIMINGS: Localized[] = [both('9:30 am to 1:30 pm', 'ఉ. 9:30 నుంచి మ. 1:30 వరకు'), both('2:00 pm to 5:30 pm', 'మ. 2:00 నుంచి సా. 5:30 వరకు'), both('9:30 am to 4:30 pm', 'ఉ. 9:30 నుంచి సా. 4:30 వరకు')];

function enrolmentStatus(ctx: LookupContext): DeskRecord | Refusal | null {
  if (ctx.key.endsWith('00000')) return null;
  const f = ctx.filed(ctx.key);
  if (f && f.code !== 'ENR') return refusal(404, 'NOT_FOUND', `${f.id} is not a course registration; please check the number on your acknowledgement`);
  const status = f
    ? f.status === 'APPROVED' || f.status === 'ISSUED' ? 'allotted' : 'verification'
    : ctx.pick.one(['verification', 'waitlisted', 'allotted', 'allotted', 'started', 'completed']);
  // Days from today the batch starts (or started), by where the registration stands.
  const [from, to] = ({ verification: [7, 25], waitlisted: [20, 45], allotted: [3, 20], started: [-40, -5], completed: [-120, -95] } as Record<string, [number, number]>)[status]!;
  const start = ctx.pick.int(from, to);
  const weeks = ctx.pick.one([8, 12, 12]);
  const course = COURSES[ctx.pick.one(COURSE_IDS.filter((id) => id !== 'other'))]!;
  return {
    application_number: ctx.key,
    candidate: ctx.pick.person(),
    course: course.name,
    centre: centreOf(ctx.pick),
    batch: `B-${ctx.today.slice(0, 4)}-${ctx.pick.digits(4)}`,
    starts_on: ctx.pick.date(start, start),
    ends_on: ctx.pick.date(start + weeks * 7, start + weeks * 7),
    timings: ctx.pick.one(TIMINGS),
    status,
  };
}

function trainingCertificate(ctx: LookupContext): DeskRecord | Refusal | null {
  if (ctx.key.endsWith('00000')) return null;
  const f = ctx.filed(ctx.key);
  if (f && f.code !== 'ENR') return refusal(404, 'NOT_FOUND', `${f.id} is not a course registration; please check the number on your acknowledgement`);
  // A registration filed here is at most a seat in a batch still to start: no certificate yet.
  if (f || ctx.pick.chance(0.15)) return refusal(422, 'COURSE_NOT_COMPLETED', 'This course is not completed yet; the certificate is issued after the final assessment');
  const course = COURSES[ctx.pick.one(COURSE_IDS.filter((id) => id !== 'other'))]!;
  const status = ctx.pick.one(['issued', 'issued', 'issued', 'assessment_pending', 'not_passed']);
  return {
    application_number: ctx.key,
    candidate: ctx.pick.person(),
    course: course.name,
    centre: centreOf(ctx.pick),
    assessor: course.assessor,
    status,
    grade: ctx.pick.one(['A', 'A', 'B', 'B', 'C']),
    certificate_number: `APSSDC/${ctx.today.slice(0, 4)}/${ctx.pick.digits(7)}`,
    on: status === 'assessment_pending' ? ctx.pick.date(2, 15) : ctx.pick.date(-90, -5),
  };
}

const COMPANIES: Localized[] = [
  both('Foxconn', 'ఫాక్స్‌కాన్'),
  both('HDFC Bank', 'హెచ్‌డీఎఫ్‌సీ బ్యాంక్'),
  both('Apollo Pharmacy', 'అపోలో ఫార్మసీ'),
  both('Amara Raja', 'అమర రాజా'),
  both('Dixon Technologies', 'డిక్సన్ టెక్నాలజీస్'),
  both('Kia India', 'కియా ఇండియా'),
  both('Muthoot Finance', 'ముత్తూట్ ఫైనాన్స్'),
  both('Hetero Drugs', 'హెటెరో డ్రగ్స్'),
  both('Aurobindo Pharma', 'అరబిందో ఫార్మా'),
  both('Tech Mahindra', 'టెక్ మహీంద్రా'),
  both('Flipkart', 'ఫ్లిప్‌కార్ట్'),
  both('Reliance Retail', 'రిలయన్స్ రిటైల్'),
  both('Brandix', 'బ్రాండిక్స్'),
  both('ICICI Bank', 'ఐసీఐసీఐ బ్యాంక్'),
  both('Heritage Foods', 'హెరిటేజ్ ఫుడ్స్'),
  both('Navata Road Transport', 'నవత రోడ్ ట్రాన్స్‌పోర్ట్'),
];
const VENUES: Array<(town: Localized) => Localized> = [
  (t) => both(`Govt Degree College, ${t.en}`, `ప్రభుత్వ డిగ్రీ కళాశాల, ${t.te}`),
  (t) => both(`Govt Junior College, ${t.en}`, `ప్రభుత్వ జూనియర్ కళాశాల, ${t.te}`),
  (t) => both(`Govt ITI, ${t.en}`, `ప్రభుత్వ ఐటీఐ, ${t.te}`),
  (t) => both(`Govt Polytechnic, ${t.en}`, `ప్రభుత్వ పాలిటెక్నిక్, ${t.te}`),
];
const QUALIFICATIONS: Localized[] = [
  both('Class 10 to PG', 'పదో తరగతి నుంచి పీజీ వరకు'),
  both('ITI, diploma and B.Tech', 'ఐటీఐ, డిప్లొమా, బీటెక్'),
  both('Intermediate and any degree', 'ఇంటర్మీడియట్, ఏదైనా డిగ్రీ'),
  both('Class 10, Intermediate and ITI', 'పదో తరగతి, ఇంటర్మీడియట్, ఐటీఐ'),
];

function jobFairs(ctx: LookupContext): DeskRecord | null {
  const district = DISTRICT_HUBS[ctx.key.toLowerCase()];
  if (!district) return null;
  const fairs = ctx.pick.int(1, 3);
  const days = some(ctx.pick, Array.from({ length: 28 }, (_, i) => i + 3), fairs).sort((a, b) => a - b);
  const rows = days.map((day): Localized => {
    const venue = ctx.pick.one(VENUES)(ctx.pick.one(district.towns));
    const names = some(ctx.pick, COMPANIES, 4);
    const companies = ctx.pick.int(12, 40);
    const posts = indianGrouping(ctx.pick.int(8, 60) * 50);
    const q = ctx.pick.one(QUALIFICATIONS);
    const date = ctx.pick.date(day, day);
    return both(
      `• *${date}*, ${venue.en}: ${companies} companies, ${posts} posts (${names.map((n) => n.en).join(', ')} and others); for ${q.en}`,
      `• *${date}*, ${venue.te}: ${companies} కంపెనీలు, ${posts} ఉద్యోగాలు (${names.map((n) => n.te).join(', ')} తదితర); ${q.te} వారికి`,
    );
  });
  return { district: district.name, lines: join(rows), helpline: HELPLINE };
}

type Opening = { post: Localized; pay: Localized; needs: Localized };
const PER: Record<string, string> = { 'a month': 'నెలకు', 'a year': 'ఏడాదికి', 'an hour': 'గంటకు' };
const EXTRA: Record<string, string> = { '': '', ' with food and stay': ', భోజనం, వసతితో', ' with stay': ', వసతితో', ' after recognition': ' (అర్హత గుర్తింపు తర్వాత)' };
/** Pay as the posting says it ("AED 1,800–2,500 a month with stay"), and in Telugu word order. */
function pay(en: string): Localized {
  const m = /^(about )?(.+?) (a month|a year|an hour)(.*)$/.exec(en)!;
  return both(en, `${PER[m[3]!]} ${m[1] ? 'సుమారు ' : ''}${m[2]}${EXTRA[m[4]!]}`);
}
const o = (en: string, te: string, wage: string, needsEn: string, needsTe: string): Opening => ({ post: both(en, te), pay: pay(wage), needs: both(needsEn, needsTe) });
const GULF_TRAINING = both('Free pre-departure orientation before you fly', 'ప్రయాణానికి ముందు ఉచిత అవగాహన శిక్షణ');
const COUNTRIES: Record<string, { name: Localized; openings: Opening[]; training: Localized }> = {
  uae: {
    name: both('UAE', 'యూఏఈ'),
    openings: [
      o('Electrician', 'ఎలక్ట్రీషియన్', 'AED 1,800–2,500 a month', 'ITI and 2 years’ experience', 'ఐటీఐ, 2 ఏళ్ల అనుభవం'),
      o('Heavy vehicle driver', 'భారీ వాహన డ్రైవర్', 'AED 2,200–3,000 a month', 'Indian heavy licence, 3 years’ driving', 'భారత భారీ వాహన లైసెన్సు, 3 ఏళ్ల అనుభవం'),
      o('Staff nurse', 'స్టాఫ్ నర్సు', 'AED 5,000–7,000 a month', 'B.Sc Nursing, 2 years’ experience, DHA exam', 'బీఎస్సీ నర్సింగ్, 2 ఏళ్ల అనుభవం, డీహెచ్ఏ పరీక్ష'),
      o('Hotel waiter', 'హోటల్ వెయిటర్', 'AED 1,500–2,000 a month with food and stay', 'Class 10 and basic English', 'పదో తరగతి, ప్రాథమిక ఇంగ్లీష్'),
    ],
    training: GULF_TRAINING,
  },
  saudi_arabia: {
    name: both('Saudi Arabia', 'సౌదీ అరేబియా'),
    openings: [
      o('Staff nurse', 'స్టాఫ్ నర్సు', 'SAR 4,000–6,000 a month', 'B.Sc Nursing, 2 years’ experience, Prometric exam', 'బీఎస్సీ నర్సింగ్, 2 ఏళ్ల అనుభవం, ప్రోమెట్రిక్ పరీక్ష'),
      o('6G welder', '6జీ వెల్డర్', 'SAR 1,800–2,500 a month', 'ITI welder with a 6G certificate', '6జీ సర్టిఫికెట్ ఉన్న ఐటీఐ వెల్డర్'),
      o('HVAC technician', 'హెచ్‌వీఏసీ టెక్నీషియన్', 'SAR 2,000–2,800 a month', 'ITI or diploma, 2 years’ experience', 'ఐటీఐ లేదా డిప్లొమా, 2 ఏళ్ల అనుభవం'),
    ],
    training: GULF_TRAINING,
  },
  qatar: {
    name: both('Qatar', 'ఖతార్'),
    openings: [
      o('Security guard', 'సెక్యూరిటీ గార్డ్', 'QAR 1,800–2,200 a month', 'Class 10, height 170 cm, basic English', 'పదో తరగతి, 170 సెం.మీ. ఎత్తు, ప్రాథమిక ఇంగ్లీష్'),
      o('Electrician', 'ఎలక్ట్రీషియన్', 'QAR 2,000–2,800 a month', 'ITI and 2 years’ experience', 'ఐటీఐ, 2 ఏళ్ల అనుభవం'),
      o('Housekeeping attendant', 'హౌస్‌కీపింగ్ అటెండెంట్', 'QAR 1,500–1,800 a month with stay', 'Class 8 and hotel experience', '8వ తరగతి, హోటల్ అనుభవం'),
    ],
    training: GULF_TRAINING,
  },
  kuwait: {
    name: both('Kuwait', 'కువైట్'),
    openings: [
      o('Staff nurse', 'స్టాఫ్ నర్సు', 'KWD 350–500 a month', 'B.Sc Nursing and 2 years’ experience', 'బీఎస్సీ నర్సింగ్, 2 ఏళ్ల అనుభవం'),
      o('Cook (Indian and Arabic)', 'వంటవారు (భారతీయ, అరబిక్)', 'KWD 150–220 a month', '3 years in a hotel kitchen', 'హోటల్ వంటగదిలో 3 ఏళ్ల అనుభవం'),
      o('Light vehicle driver', 'తేలికపాటి వాహన డ్రైవర్', 'KWD 150–200 a month', 'Indian licence, 2 years’ driving', 'భారత లైసెన్సు, 2 ఏళ్ల అనుభవం'),
    ],
    training: GULF_TRAINING,
  },
  oman: {
    name: both('Oman', 'ఒమన్'),
    openings: [
      o('Pipe fitter', 'పైప్ ఫిట్టర్', 'OMR 200–280 a month', 'ITI fitter, 3 years’ experience', 'ఐటీఐ ఫిట్టర్, 3 ఏళ్ల అనుభవం'),
      o('Staff nurse', 'స్టాఫ్ నర్సు', 'OMR 500–700 a month', 'B.Sc Nursing and 3 years’ experience', 'బీఎస్సీ నర్సింగ్, 3 ఏళ్ల అనుభవం'),
      o('Civil site supervisor', 'సివిల్ సైట్ సూపర్‌వైజర్', 'OMR 300–450 a month', 'Diploma in civil engineering', 'సివిల్ ఇంజినీరింగ్ డిప్లొమా'),
    ],
    training: GULF_TRAINING,
  },
  bahrain: {
    name: both('Bahrain', 'బహ్రెయిన్'),
    openings: [
      o('Staff nurse', 'స్టాఫ్ నర్సు', 'BHD 400–550 a month', 'B.Sc Nursing and 2 years’ experience', 'బీఎస్సీ నర్సింగ్, 2 ఏళ్ల అనుభవం'),
      o('Electrician', 'ఎలక్ట్రీషియన్', 'BHD 180–250 a month', 'ITI and 2 years’ experience', 'ఐటీఐ, 2 ఏళ్ల అనుభవం'),
      o('Sales assistant', 'సేల్స్ అసిస్టెంట్', 'BHD 150–200 a month', 'Intermediate and good English', 'ఇంటర్మీడియట్, మంచి ఇంగ్లీష్'),
    ],
    training: GULF_TRAINING,
  },
  israel: {
    name: both('Israel', 'ఇజ్రాయెల్'),
    openings: [
      o('Construction worker (shuttering, tiling)', 'నిర్మాణ కార్మికులు (షట్టరింగ్, టైల్స్)', 'ILS 6,000–7,000 a month', '3 years’ experience and a trade test', '3 ఏళ్ల అనుభవం, ట్రేడ్ టెస్ట్'),
      o('Home caregiver', 'ఇంటి వద్ద సంరక్షకులు', 'ILS 6,000–6,500 a month', 'GDA or nursing course, basic English', 'జీడీఏ లేదా నర్సింగ్ కోర్సు, ప్రాథమిక ఇంగ్లీష్'),
    ],
    training: both('Government-to-government recruitment: no agent’s fee', 'ప్రభుత్వాల మధ్య ఒప్పందం ద్వారా నియామకం: ఏజెంట్ ఫీజు లేదు'),
  },
  japan: {
    name: both('Japan', 'జపాన్'),
    openings: [
      o('Nursing care worker', 'నర్సింగ్ కేర్ వర్కర్', 'JPY 1,80,000–2,20,000 a month', 'JLPT N4 Japanese and the care skill test', 'జేఎల్‌పీటీ ఎన్4 జపనీస్, కేర్ నైపుణ్య పరీక్ష'),
      o('Food factory worker', 'ఆహార కర్మాగార కార్మికులు', 'JPY 1,70,000–2,00,000 a month', 'JLPT N4 and the food manufacturing skill test', 'జేఎల్‌పీటీ ఎన్4, ఆహార తయారీ నైపుణ్య పరీక్ష'),
      o('Welder', 'వెల్డర్', 'JPY 2,00,000–2,40,000 a month', 'ITI welder, JLPT N4', 'ఐటీఐ వెల్డర్, జేఎల్‌పీటీ ఎన్4'),
    ],
    training: both('Free Japanese language training (JLPT N4) for selected candidates', 'ఎంపికైన వారికి ఉచిత జపనీస్ భాషా శిక్షణ (జేఎల్‌పీటీ ఎన్4)'),
  },
  germany: {
    name: both('Germany', 'జర్మనీ'),
    openings: [
      o('Nurse', 'నర్సు', 'EUR 2,800–3,400 a month after recognition', 'B.Sc Nursing and German B1/B2', 'బీఎస్సీ నర్సింగ్, జర్మన్ బీ1/బీ2'),
      o('Electrician', 'ఎలక్ట్రీషియన్', 'EUR 2,600–3,000 a month', 'ITI or diploma, German B1', 'ఐటీఐ లేదా డిప్లొమా, జర్మన్ బీ1'),
    ],
    training: both('Free German language training from A1 to B2', 'ఏ1 నుంచి బీ2 వరకు ఉచిత జర్మన్ భాషా శిక్షణ'),
  },
  united_kingdom: {
    name: both('United Kingdom', 'యునైటెడ్ కింగ్‌డమ్'),
    openings: [
      o('Staff nurse (NHS)', 'స్టాఫ్ నర్సు (ఎన్‌హెచ్‌ఎస్)', 'about GBP 31,000 a year', 'B.Sc Nursing, IELTS or OET, NMC registration', 'బీఎస్సీ నర్సింగ్, ఐఈఎల్‌టీఎస్ లేదా ఓఈటీ, ఎన్ఎంసీ రిజిస్ట్రేషన్'),
      o('Senior care worker', 'సీనియర్ కేర్ వర్కర్', 'GBP 12–13 an hour', 'Care experience and IELTS 5.0', 'సంరక్షణ అనుభవం, ఐఈఎల్‌టీఎస్ 5.0'),
    ],
    training: both('Free OET/IELTS coaching for nurses', 'నర్సులకు ఉచిత ఓఈటీ/ఐఈఎల్‌టీఎస్ శిక్షణ'),
  },
  ireland: {
    name: both('Ireland', 'ఐర్లాండ్'),
    openings: [
      o('Staff nurse', 'స్టాఫ్ నర్సు', 'EUR 35,000–40,000 a year', 'B.Sc Nursing, IELTS, NMBI registration', 'బీఎస్సీ నర్సింగ్, ఐఈఎల్‌టీఎస్, ఎన్ఎంబీఐ రిజిస్ట్రేషన్'),
      o('Healthcare assistant', 'హెల్త్‌కేర్ అసిస్టెంట్', 'about EUR 27,000 a year', 'GDA course and 1 year’s experience', 'జీడీఏ కోర్సు, 1 ఏడాది అనుభవం'),
    ],
    training: both('Free OET/IELTS coaching for nurses', 'నర్సులకు ఉచిత ఓఈటీ/ఐఈఎల్‌టీఎస్ శిక్షణ'),
  },
  malaysia: {
    name: both('Malaysia', 'మలేషియా'),
    openings: [
      o('Factory operator', 'ఫ్యాక్టరీ ఆపరేటర్', 'MYR 1,700–2,000 a month', 'Class 10, age 21 to 40', 'పదో తరగతి, 21 నుంచి 40 ఏళ్ల వయసు'),
      o('Indian cook', 'భారతీయ వంటవారు', 'MYR 2,500–3,500 a month', '3 years in a restaurant kitchen', 'రెస్టారెంట్ వంటగదిలో 3 ఏళ్ల అనుభవం'),
    ],
    training: GULF_TRAINING,
  },
  singapore: {
    name: both('Singapore', 'సింగపూర్'),
    openings: [
      o('Shipyard welder', 'షిప్‌యార్డ్ వెల్డర్', 'SGD 1,800–2,400 a month', 'ITI welder and a skill test', 'ఐటీఐ వెల్డర్, నైపుణ్య పరీక్ష'),
      o('Construction supervisor', 'నిర్మాణ సూపర్‌వైజర్', 'SGD 2,500–3,200 a month', 'Diploma in civil engineering, 3 years’ experience', 'సివిల్ డిప్లొమా, 3 ఏళ్ల అనుభవం'),
    ],
    training: both('Skill test preparation at the APSSDC centre before the test', 'పరీక్షకు ముందు ఏపీఎస్ఎస్‌డీసీ కేంద్రంలో నైపుణ్య పరీక్ష శిక్షణ'),
  },
  canada: {
    name: both('Canada', 'కెనడా'),
    openings: [
      o('Long-haul truck driver', 'దూర ప్రాంత ట్రక్ డ్రైవర్', 'CAD 25–30 an hour', 'Heavy licence, 3 years’ driving, IELTS', 'భారీ వాహన లైసెన్సు, 3 ఏళ్ల అనుభవం, ఐఈఎల్‌టీఎస్'),
      o('Food service supervisor', 'ఫుడ్ సర్వీస్ సూపర్‌వైజర్', 'CAD 17–19 an hour', 'Hotel management diploma, IELTS', 'హోటల్ మేనేజ్‌మెంట్ డిప్లొమా, ఐఈఎల్‌టీఎస్'),
    ],
    training: both('Free IELTS coaching for selected candidates', 'ఎంపికైన వారికి ఉచిత ఐఈఎల్‌టీఎస్ శిక్షణ'),
  },
  australia: {
    name: both('Australia', 'ఆస్ట్రేలియా'),
    openings: [
      o('Registered nurse', 'రిజిస్టర్డ్ నర్సు', 'AUD 75,000–90,000 a year', 'B.Sc Nursing, OET or IELTS, AHPRA registration', 'బీఎస్సీ నర్సింగ్, ఓఈటీ లేదా ఐఈఎల్‌టీఎస్, ఏహెచ్‌పీఆర్ఏ రిజిస్ట్రేషన్'),
      o('Welder', 'వెల్డర్', 'AUD 35–40 an hour', 'ITI welder and a skills assessment', 'ఐటీఐ వెల్డర్, నైపుణ్య మదింపు'),
    ],
    training: both('Free OET/IELTS coaching for selected candidates', 'ఎంపికైన వారికి ఉచిత ఓఈటీ/ఐఈఎల్‌టీఎస్ శిక్షణ'),
  },
};

function overseasJobs(ctx: LookupContext): DeskRecord | null {
  const id = ctx.key.toLowerCase();
  if (id === 'other') {
    const open = some(ctx.pick, Object.values(COUNTRIES).map((x) => x.name), 4);
    return {
      country: both('other countries', 'ఇతర దేశాలు'),
      lines: both(`No openings through OMCAP for other countries now. Openings are there for ${open.map((n) => n.en).join(', ')}: choose one of them to see the posts.`, `ఇతర దేశాలకు ప్రస్తుతం ఓంక్యాప్ ద్వారా ఖాళీలు లేవు. ${open.map((n) => n.te).join(', ')} దేశాలకు ఖాళీలు ఉన్నాయి: వాటిలో ఒకటి ఎంచుకుని ఉద్యోగాలు చూడండి.`),
      training: both('Language and skill training is free for selected candidates', 'ఎంపికైన వారికి భాషా, నైపుణ్య శిక్షణ ఉచితం'),
      last_date: ctx.pick.date(10, 30),
      open: 'no',
    };
  }
  const country = COUNTRIES[id];
  if (!country) return null;
  const rows = some(ctx.pick, country.openings, Math.min(3, country.openings.length)).map((x): Localized => {
    const posts = ctx.pick.int(2, 20) * 5;
    return both(`• *${x.post.en}*: ${posts} posts, ${x.pay.en}; ${x.needs.en}`, `• *${x.post.te}*: ${posts} ఖాళీలు, ${x.pay.te}; ${x.needs.te}`);
  });
  return { country: country.name, lines: join(rows), training: country.training, last_date: ctx.pick.date(10, 30), open: 'yes' };
}

export const spec: DeskSpec = {
  department: 'skills',
  slug: 'skills',
  title: 'APSSDC (Skill Development)',
  idPrefix: 'APSSDC',
  auth: 'bearer',
  lookups: [
    { path: '/courses', key: 'district', requires: ['sector'], answer: trainingProgrammes },
    { path: '/enrolments/:application_number', key: 'application_number', pattern: APPLICATION_NUMBER, hint: APPLICATION_HINT, answer: enrolmentStatus },
    { path: '/job-fairs', key: 'district', answer: jobFairs },
    { path: '/certificates/:application_number', key: 'application_number', pattern: APPLICATION_NUMBER, hint: APPLICATION_HINT, answer: trainingCertificate },
    { path: '/overseas-jobs', key: 'country', answer: overseasJobs },
  ],
  filings: [
    {
      path: '/census',
      code: 'SKC',
      kind: 'application',
      requires: ['education', 'skills', 'job_interest', 'relocate'],
      check: (body) => {
        if (EDUCATION[str(body.education)] === undefined) return refusal(422, 'INVALID_EDUCATION', 'Please choose your highest education from the list');
        if (!JOB_INTERESTS.includes(str(body.job_interest))) return refusal(422, 'INVALID_JOB_INTEREST', 'Please choose the work you are looking for from the list');
        if (typeof body.relocate !== 'boolean' && !['yes', 'no'].includes(str(body.relocate).toLowerCase())) return refusal(422, 'INVALID_RELOCATE', 'Please answer yes or no: would you move to another town for a job?');
        return null;
      },
      steps: [
        { status: 'in_review', note: both('The Welfare and Education Assistant at your village or ward secretariat is checking your skill profile.', 'మీ గ్రామ/వార్డు సచివాలయంలోని సంక్షేమ, విద్యా సహాయకులు మీ నైపుణ్య వివరాలను పరిశీలిస్తున్నారు.') },
        { status: 'approved', note: both('Added to the AP skill census; courses and job melas that match your profile will be sent to you.', 'ఏపీ నైపుణ్య గణనలో నమోదైంది; మీ వివరాలకు సరిపోయే కోర్సులు, జాబ్ మేళాల సమాచారం మీకు పంపుతాం.') },
      ],
    },
    {
      path: '/enrolments',
      code: 'ENR',
      kind: 'application',
      requires: ['course', 'training_centre', 'education'],
      check: (body) => {
        const course = COURSES[str(body.course)];
        if (!course) return refusal(422, 'INVALID_COURSE', 'Please choose the course from the list');
        const education = EDUCATION[str(body.education)];
        if (education === undefined) return refusal(422, 'INVALID_EDUCATION', 'Please choose your highest education from the list');
        if (education < course.min) return refusal(422, 'NOT_ELIGIBLE', `The ${course.name.en} course needs at least ${MIN_NAMES[course.min]}; please choose another course`);
        return null;
      },
      steps: [
        { status: 'in_review', note: both('The training centre is checking your education certificate and Aadhaar.', 'శిక్షణ కేంద్రం మీ విద్యార్హత ధృవపత్రం, ఆధార్‌ను పరిశీలిస్తోంది.') },
        { status: 'approved', note: both('Seat allotted in the next batch; the centre coordinator will call you with the start date.', 'తదుపరి బ్యాచ్‌లో సీటు కేటాయించారు; ప్రారంభ తేదీ కోసం కేంద్ర సమన్వయకర్త మీకు ఫోన్ చేస్తారు.') },
      ],
    },
    {
      path: '/job-fairs/registrations',
      code: 'JFR',
      kind: 'application',
      requires: ['job_fair', 'education'],
      check: (body) => {
        if (EDUCATION[str(body.education)] === undefined) return refusal(422, 'INVALID_EDUCATION', 'Please choose your highest education from the list');
        if (str(body.job_fair).length < 3) return refusal(422, 'UNKNOWN_JOB_FAIR', 'Please give the job mela as announced, with its place, for example "Mega Job Mela, Govt Degree College, Tenali"');
        return null;
      },
      steps: [
        { status: 'in_review', note: both('Registered with the District Skill Development Officer; the companies at the mela are matching your profile.', 'జిల్లా నైపుణ్యాభివృద్ధి అధికారి వద్ద నమోదైంది; మేళాలోని కంపెనీలు మీ వివరాలను పరిశీలిస్తున్నాయి.') },
        { status: 'issued', note: both('Interview slip issued: show it with your certificates at the venue on the day of the mela.', 'ఇంటర్వ్యూ స్లిప్ జారీ అయింది: మేళా రోజున ధృవపత్రాలతో పాటు వేదిక వద్ద చూపించండి.') },
      ],
    },
  ],
};
