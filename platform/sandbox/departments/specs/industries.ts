/**
 * The Industries department's backend (the AP Single Desk portal of the
 * Commissionerate of Industries, with APIIC and the Factories department
 * behind it), simulated behind OAuth2 client credentials: single desk
 * applications and the state of each clearance, incentive claims, APIIC land,
 * factory licence renewals and industry grievances; the Udyam guide and the
 * sector policies. Its ids read SDP/SDA/2026/000123.
 *
 * Test numbers: an application number ending in 00000 is no application (404);
 * numbers ending 99503, 99429 and 99504 are the desk's test residents.
 */
import { daysBetween, indiaDate, indiaDay, join, str } from '../desk/fields';
import { indianGrouping } from '../desk/picker';
import { DISTRICT_IDS } from '../desk/places';
import { refusal, type DeskRecord, type DeskSpec, type Localized, type LookupContext, type Refusal } from '../desk/spec';

const CLEARANCES = ['all_new_unit', 'land_conversion', 'building_permission', 'factory_plan', 'factory_licence', 'pcb_cfe', 'pcb_cfo', 'power_connection', 'water_allocation', 'fire_noc', 'boiler_registration', 'labour_registration', 'trade_licence', 'drug_licence', 'explosives_petroleum', 'other'];
const COMPLAINTS = ['approval_delay', 'incentive_pending', 'power_supply', 'water_supply', 'land_plot', 'park_infrastructure', 'inspection', 'payment_dues', 'other'];

const SECTORS: Record<string, Localized> = {
  food_processing: { en: 'Food processing', te: 'ఆహార శుద్ధి' },
  textiles_apparel: { en: 'Textiles and apparel', te: 'జౌళి, దుస్తులు' },
  electronics: { en: 'Electronics', te: 'ఎలక్ట్రానిక్స్' },
  it_ites: { en: 'IT and ITeS', te: 'ఐటీ, ఐటీ ఆధారిత సేవలు' },
  pharma: { en: 'Pharma and life sciences', te: 'ఫార్మా, లైఫ్ సైన్సెస్' },
  chemicals: { en: 'Chemicals and petrochemicals', te: 'రసాయనాలు, పెట్రోకెమికల్స్' },
  automobile: { en: 'Automobile and EV', te: 'ఆటోమొబైల్, ఈవీ' },
  engineering: { en: 'Engineering and machinery', te: 'ఇంజినీరింగ్, యంత్రాలు' },
  metals: { en: 'Steel and metals', te: 'ఉక్కు, లోహాలు' },
  cement_minerals: { en: 'Cement and minerals', te: 'సిమెంట్, ఖనిజాలు' },
  renewable_energy: { en: 'Renewable energy', te: 'పునరుత్పాదక ఇంధనం' },
  plastics_packaging: { en: 'Plastics and packaging', te: 'ప్లాస్టిక్, ప్యాకేజింగ్' },
  paper_wood: { en: 'Paper and wood', te: 'కాగితం, కలప ఉత్పత్తులు' },
  leather: { en: 'Leather and footwear', te: 'తోలు, పాదరక్షలు' },
  logistics: { en: 'Logistics and warehousing', te: 'లాజిస్టిక్స్, గిడ్డంగులు' },
  tourism: { en: 'Tourism and hospitality', te: 'పర్యాటకం, ఆతిథ్యం' },
  msme_services: { en: 'Services (MSME)', te: 'సేవలు (ఎంఎస్ఎంఈ)' },
  other: { en: 'Other sectors', te: 'ఇతర రంగాలు' },
};

/** Each incentive with the range a unit's claim usually falls in (rupees). */
const INCENTIVES: Record<string, { name: Localized; min: number; max: number }> = {
  investment_subsidy: { name: { en: 'Investment subsidy', te: 'పెట్టుబడి రాయితీ' }, min: 500_000, max: 5_000_000 },
  power_reimbursement: { name: { en: 'Power cost reimbursement', te: 'విద్యుత్ ఛార్జీల వాపసు' }, min: 50_000, max: 800_000 },
  sgst_reimbursement: { name: { en: 'SGST reimbursement', te: 'ఎస్‌జీఎస్టీ వాపసు' }, min: 100_000, max: 2_500_000 },
  interest_subsidy: { name: { en: 'Interest subsidy', te: 'వడ్డీ రాయితీ' }, min: 50_000, max: 600_000 },
  stamp_duty: { name: { en: 'Stamp duty refund', te: 'స్టాంప్ డ్యూటీ వాపసు' }, min: 20_000, max: 300_000 },
  land_cost_rebate: { name: { en: 'Land cost rebate', te: 'భూమి ధరలో రాయితీ' }, min: 100_000, max: 1_000_000 },
  land_conversion: { name: { en: 'Land conversion charges', te: 'భూ మార్పిడి ఛార్జీల వాపసు' }, min: 20_000, max: 200_000 },
  seed_capital: { name: { en: 'Seed capital (SC/ST)', te: 'సీడ్ క్యాపిటల్ (ఎస్సీ/ఎస్టీ)' }, min: 100_000, max: 750_000 },
  quality_certification: { name: { en: 'Quality certification', te: 'నాణ్యత ధృవీకరణ ఖర్చు' }, min: 20_000, max: 200_000 },
  skill_training: { name: { en: 'Skill training', te: 'నైపుణ్య శిక్షణ ఖర్చు' }, min: 50_000, max: 500_000 },
  other: { name: { en: 'Other incentive', te: 'ఇతర ప్రోత్సాహకం' }, min: 20_000, max: 500_000 },
};

const UNITS: Localized[] = [
  { en: 'Sri Venkateswara Rice Mill', te: 'శ్రీ వేంకటేశ్వర రైస్ మిల్' },
  { en: 'Godavari Aqua Feeds Pvt Ltd', te: 'గోదావరి ఆక్వా ఫీడ్స్ ప్రై. లి.' },
  { en: 'Sai Lakshmi Spinning Mills', te: 'సాయి లక్ష్మి స్పిన్నింగ్ మిల్స్' },
  { en: 'Krishna Polymers', te: 'కృష్ణా పాలిమర్స్' },
  { en: 'Rayalaseema Granite Works', te: 'రాయలసీమ గ్రానైట్ వర్క్స్' },
  { en: 'Coastal Cashew Processors', te: 'కోస్తా జీడిపప్పు ప్రాసెసర్స్' },
  { en: 'Amaravati Precision Engineering', te: 'అమరావతి ప్రెసిషన్ ఇంజినీరింగ్' },
  { en: 'Sri Durga Dal Mill', te: 'శ్రీ దుర్గా దాల్ మిల్' },
  { en: 'Vizag Steel Fabricators', te: 'వైజాగ్ స్టీల్ ఫ్యాబ్రికేటర్స్' },
  { en: 'Nellore Prawn Exports', te: 'నెల్లూరు ప్రాన్ ఎక్స్‌పోర్ట్స్' },
  { en: 'Tirupati Electronic Components', te: 'తిరుపతి ఎలక్ట్రానిక్ కాంపోనెంట్స్' },
  { en: 'Guntur Chilli Processing Unit', te: 'గుంటూరు మిర్చి ప్రాసెసింగ్ యూనిట్' },
];

/** District Industries Centres: the district as the office is named. */
const DIC: Localized[] = [
  { en: 'Guntur', te: 'గుంటూరు' },
  { en: 'NTR (Vijayawada)', te: 'ఎన్టీఆర్ (విజయవాడ)' },
  { en: 'Krishna (Machilipatnam)', te: 'కృష్ణా (మచిలీపట్నం)' },
  { en: 'Visakhapatnam', te: 'విశాఖపట్నం' },
  { en: 'Anakapalli', te: 'అనకాపల్లి' },
  { en: 'Kakinada', te: 'కాకినాడ' },
  { en: 'East Godavari (Rajamahendravaram)', te: 'తూర్పు గోదావరి (రాజమహేంద్రవరం)' },
  { en: 'Eluru', te: 'ఏలూరు' },
  { en: 'Prakasam (Ongole)', te: 'ప్రకాశం (ఒంగోలు)' },
  { en: 'Nellore', te: 'నెల్లూరు' },
  { en: 'Tirupati', te: 'తిరుపతి' },
  { en: 'Kurnool', te: 'కర్నూలు' },
  { en: 'Anantapuramu', te: 'అనంతపురం' },
  { en: 'YSR Kadapa', te: 'వైఎస్ఆర్ కడప' },
  { en: 'Srikakulam', te: 'శ్రీకాకుళం' },
];

/** The clearances the single desk gets for a new unit, each from its own department. */
const DESK_CLEARANCES: Localized[] = [
  { en: 'Consent for Establishment (APPCB)', te: 'స్థాపన సమ్మతి (ఏపీపీసీబీ)' },
  { en: 'Factory plan approval (Factories)', te: 'ఫ్యాక్టరీ ప్లాన్ ఆమోదం (కర్మాగారాల శాఖ)' },
  { en: 'Building permission (DT&CP)', te: 'భవన నిర్మాణ అనుమతి (డీటీసీపీ)' },
  { en: 'Fire NOC (Fire Services)', te: 'అగ్నిమాపక ఎన్‌ఓసీ (అగ్నిమాపక శాఖ)' },
  { en: 'Power feasibility (DISCOM)', te: 'విద్యుత్ సాధ్యాసాధ్యాల ఆమోదం (డిస్కమ్)' },
  { en: 'Water allocation (Water Resources)', te: 'నీటి కేటాయింపు (జలవనరుల శాఖ)' },
  { en: 'Labour registrations (Labour)', te: 'కార్మిక రిజిస్ట్రేషన్లు (కార్మిక శాఖ)' },
  { en: 'NALA land conversion (Revenue)', te: 'నాలా భూ మార్పిడి (రెవెన్యూ)' },
  { en: 'Trade licence (Gram Panchayat)', te: 'ట్రేడ్ లైసెన్సు (గ్రామ పంచాయతీ)' },
];

const APPLICATION_NUMBER = /^[A-Z0-9][A-Z0-9/-]{5,29}$/;
const APPLICATION_HINT = 'An application number as on your acknowledgement, for example SDP/SDA/2026/000123';
const UDYAM = /^UDYAM-([A-Z]{2})-\d{2}-\d{7}$/;

/** Any number Number() reads, a sign or an exponent included (looser than desk/fields' num, which takes plain amounts). */
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN);
const both = (en: string, te: string): Localized => ({ en, te });
const dicOffice = (d: Localized): Localized => both(`General Manager, District Industries Centre, ${d.en}`, `జనరల్ మేనేజర్, జిల్లా పరిశ్రమల కేంద్రం, ${d.te}`);
const notThisKind = (id: string, what: string): Refusal => refusal(404, 'NOT_FOUND', `${id} is not ${what}; please check the number on your acknowledgement`);

/** A half of the financial year the claim covers, one to three halves back: "Oct 2025 – Mar 2026". */
function claimPeriod(ctx: LookupContext): Localized {
  const year = Number(ctx.today.slice(0, 4));
  const month = Number(ctx.today.slice(5, 7));
  // Halves numbered year * 2 (April–September) and year * 2 + 1 (October to next March).
  const current = month >= 10 ? year * 2 + 1 : month >= 4 ? year * 2 : (year - 1) * 2 + 1;
  const half = current - ctx.pick.int(1, 3);
  const y = Math.floor(half / 2);
  return half % 2 === 0 ? both(`Apr – Sep ${y}`, `ఏప్రిల్ – సెప్టెంబర్ ${y}`) : both(`Oct ${y} – Mar ${y + 1}`, `అక్టోబర్ ${y} – మార్చి ${y + 1}`);
}

function incentiveStatus(ctx: LookupContext): DeskRecord | Refusal | null {
  if (ctx.key.endsWith('00000')) return null;
  const f = ctx.filed(ctx.key);
  if (f && f.code !== 'INC') return notThisKind(f.id, 'an incentive claim');
  const type = ctx.pick.one(Object.keys(INCENTIVES).filter((k) => k !== 'other'));
  const incentive = INCENTIVES[type]!;
  const office = ctx.pick.one(DIC);
  const claimed = Math.round(ctx.pick.int(incentive.min, incentive.max) / 100) * 100;
  const status = f
    ? ({ RECEIVED: 'under_scrutiny', IN_REVIEW: 'under_scrutiny', DOCUMENTS_NEEDED: 'query_raised', APPROVED: 'sanctioned', ISSUED: 'sanctioned', REJECTED: 'rejected' } as Record<string, string>)[f.status] ?? 'under_scrutiny'
    : ctx.pick.one(['under_scrutiny', 'under_scrutiny', 'query_raised', 'sanctioned', 'released', 'released', 'rejected']);
  const stages: Record<string, Localized[]> = {
    under_scrutiny: [
      both(`Inspection of the unit by the General Manager, DIC ${office.en}`, `జిల్లా పరిశ్రమల కేంద్రం ${office.te} జనరల్ మేనేజర్ యూనిట్ తనిఖీ`),
      both('Placed before the District Industries Promotion Committee (DIPC)', 'జిల్లా పరిశ్రమల ప్రోత్సాహక కమిటీ (డీఐపీసీ) పరిశీలనలో ఉంది'),
      both('Scrutiny of invoices at the Commissionerate of Industries', 'పరిశ్రమల కమిషనరేట్‌లో ఇన్వాయిస్‌ల పరిశీలన'),
    ],
    query_raised: [
      both('a chartered accountant’s certificate of the investment is needed', 'పెట్టుబడిపై చార్టర్డ్ అకౌంటెంట్ ధృవపత్రం అవసరం'),
      both('the power bills for the whole claim period are needed', 'క్లెయిమ్ కాలం మొత్తానికి విద్యుత్ బిల్లులు అవసరం'),
      both('the GST returns do not match the claimed SGST', 'జీఎస్టీ రిటర్నులు క్లెయిమ్ చేసిన ఎస్‌జీఎస్టీతో సరిపోలడం లేదు'),
    ],
    rejected: [
      both('commercial production began before the policy period', 'విధాన కాలానికి ముందే వాణిజ్య ఉత్పత్తి ప్రారంభమైంది'),
      both('the claim was filed after the 6-month time limit', 'ఆరు నెలల గడువు దాటిన తర్వాత క్లెయిమ్ దాఖలు చేశారు'),
    ],
  };
  const stage = ctx.pick.one(stages[status] ?? stages.under_scrutiny!);
  const sanctioned = status === 'sanctioned' || status === 'released' ? Math.round((claimed * ctx.pick.int(80, 100)) / 10_000) * 100 : 0;
  return {
    application_number: ctx.key,
    unit: ctx.pick.one(UNITS),
    incentive: incentive.name,
    period: claimPeriod(ctx),
    claimed: indianGrouping(claimed),
    sanctioned: indianGrouping(sanctioned),
    status,
    stage,
    updated_on: f && status === 'under_scrutiny' ? indiaDate(f.filedAt) : ctx.pick.date(-60, -1),
    office: dicOffice(office),
  };
}

function singleDeskStatus(ctx: LookupContext): DeskRecord | Refusal | null {
  if (ctx.key.endsWith('00000')) return null;
  const f = ctx.filed(ctx.key);
  if (f && f.code !== 'SDA') return notThisKind(f.id, 'a single desk application');
  const total = ctx.pick.int(4, 6);
  const pool = [...DESK_CLEARANCES];
  const chosen: Localized[] = [];
  for (let i = 0; i < total; i++) chosen.push(pool.splice(ctx.pick.int(0, pool.length - 1), 1)[0]!);
  // Days from today it was filed (0 or less); each clearance is due 30 days (21 working days) after.
  const filed = f ? Math.min(0, daysBetween(ctx.today, indiaDay(f.filedAt))) : ctx.pick.int(-28, -5);
  const approved = f
    ? f.status === 'RECEIVED' ? 0 : f.status === 'APPROVED' || f.status === 'ISSUED' ? total : Math.floor(total / 2)
    : ctx.pick.int(1, total);
  const query = approved < total && !f && ctx.pick.chance(0.3);
  const rows = chosen.map((c, i): Localized => {
    if (i < approved) {
      const on = ctx.pick.date(Math.min(filed + 2, 0), 0);
      return both(`• ${c.en}: approved on ${on}`, `• ${c.te}: ${on} న ఆమోదించారు`);
    }
    if (query && i === approved) return both(`• ${c.en}: query raised, reply needed`, `• ${c.te}: వివరణ కోరారు, జవాబు ఇవ్వాలి`);
    const due = ctx.pick.date(filed + 25, filed + 30);
    return both(`• ${c.en}: pending, due by ${due}`, `• ${c.te}: పరిశీలనలో ఉంది, గడువు ${due}`);
  });
  return {
    application_number: ctx.key,
    enterprise: ctx.pick.one(UNITS),
    district: ctx.pick.one(DIC),
    filed_on: ctx.pick.date(filed, filed),
    approved,
    total,
    clearances: join(rows),
    status: approved === total ? 'approved' : query ? 'query' : 'in_progress',
  };
}

/** The state's policies (2024–29) and who looks after each sector. */
const IDP = both('AP Industrial Development Policy 4.0 (2024-29)', 'ఏపీ పారిశ్రామికాభివృద్ధి విధానం 4.0 (2024-29)');
const MSME = both('AP MSME and Entrepreneur Development Policy 4.0 (2024-29)', 'ఏపీ ఎంఎస్ఎంఈ, పారిశ్రామికవేత్తల అభివృద్ధి విధానం 4.0 (2024-29)');
const LARGE_CONTACT = both('Andhra Pradesh Economic Development Board (APEDB) for large projects; the Commissionerate of Industries for incentives', 'భారీ ప్రాజెక్టులకు ఏపీ ఆర్థికాభివృద్ధి మండలి (ఏపీఈడీబీ); ప్రోత్సాహకాలకు పరిశ్రమల కమిషనరేట్');
const IDP_POINTS: Localized[] = [
  both('• Capital subsidy on fixed capital investment, higher for mega projects', '• స్థిర మూలధన పెట్టుబడిపై రాయితీ, మెగా ప్రాజెక్టులకు మరింత ఎక్కువ'),
  both('• SGST reimbursement for a fixed number of years', '• నిర్ణీత సంవత్సరాల పాటు ఎస్‌జీఎస్టీ వాపసు'),
  both('• Power cost, stamp duty and land conversion refunds', '• విద్యుత్ ఛార్జీలు, స్టాంప్ డ్యూటీ, భూ మార్పిడి ఛార్జీల వాపసు'),
];
const POLICIES: Record<string, { policy: Localized; points: Localized[]; contact: Localized }> = {
  food_processing: {
    policy: both('AP Food Processing Policy 2024-29', 'ఏపీ ఆహార శుద్ధి విధానం 2024-29'),
    points: [
      both('• Capital subsidy on plant, machinery and civil works for food and agro units', '• ఆహార, వ్యవసాయ ఆధారిత యూనిట్ల యంత్రాలు, నిర్మాణాలపై మూలధన రాయితీ'),
      both('• Extra support for farmer producer organisations and rural units', '• రైతు ఉత్పత్తిదారుల సంస్థలు, గ్రామీణ యూనిట్లకు అదనపు సాయం'),
      both('• Cold chains and common facility centres in food parks', '• ఫుడ్ పార్కుల్లో శీతల గిడ్డంగులు, ఉమ్మడి సౌకర్య కేంద్రాలు'),
    ],
    contact: both('AP Food Processing Society (APFPS)', 'ఏపీ ఆహార శుద్ధి సొసైటీ (ఏపీఎఫ్‌పీఎస్)'),
  },
  textiles_apparel: {
    policy: both('AP Textile, Apparel and Garments Policy 4.0 (2024-29)', 'ఏపీ జౌళి, దుస్తుల విధానం 4.0 (2024-29)'),
    points: [
      both('• Capital subsidy for spinning, weaving, garments and technical textiles', '• నూలు, నేత, రెడీమేడ్ దుస్తులు, సాంకేతిక జౌళి యూనిట్లకు మూలధన రాయితీ'),
      both('• Power cost reimbursement and interest subsidy', '• విద్యుత్ ఛార్జీల వాపసు, వడ్డీ రాయితీ'),
      both('• Training support for local workers, especially women', '• స్థానిక కార్మికులకు, ముఖ్యంగా మహిళలకు శిక్షణ సాయం'),
    ],
    contact: both('Department of Handlooms and Textiles', 'చేనేత, జౌళి శాఖ'),
  },
  electronics: {
    policy: both('AP Electronics Policy 4.0 (2024-29)', 'ఏపీ ఎలక్ట్రానిక్స్ విధానం 4.0 (2024-29)'),
    points: [
      both('• Capital subsidy on top of the Centre’s PLI and component schemes', '• కేంద్ర పీఎల్ఐ, విడిభాగాల పథకాలకు అదనంగా మూలధన రాయితీ'),
      both('• Plots in the electronics clusters at Tirupati and Kopparthy', '• తిరుపతి, కొప్పర్తి ఎలక్ట్రానిక్స్ క్లస్టర్లలో ప్లాట్లు'),
      both('• Power, SGST and stamp duty incentives', '• విద్యుత్, ఎస్‌జీఎస్టీ, స్టాంప్ డ్యూటీ ప్రోత్సాహకాలు'),
    ],
    contact: both('Department of IT, Electronics and Communications', 'ఐటీ, ఎలక్ట్రానిక్స్, కమ్యూనికేషన్ల శాఖ'),
  },
  it_ites: {
    policy: both('AP IT and Global Capability Centres Policy 4.0 (2024-29)', 'ఏపీ ఐటీ, గ్లోబల్ కేపబిలిటీ సెంటర్ల విధానం 4.0 (2024-29)'),
    points: [
      both('• Office rent support and an incentive for each local job created', '• కార్యాలయ అద్దె సాయం, ప్రతి స్థానిక ఉద్యోగానికి ప్రోత్సాహకం'),
      both('• Co-working spaces in Visakhapatnam, Vijayawada and Tirupati', '• విశాఖపట్నం, విజయవాడ, తిరుపతిలో కో-వర్కింగ్ స్థలాలు'),
      both('• Power tariff and land support for data centres', '• డేటా సెంటర్లకు విద్యుత్ ఛార్జీ, భూమి సాయం'),
    ],
    contact: both('Department of IT, Electronics and Communications', 'ఐటీ, ఎలక్ట్రానిక్స్, కమ్యూనికేషన్ల శాఖ'),
  },
  pharma: {
    policy: IDP,
    points: [...IDP_POINTS.slice(0, 2), both('• Bulk Drug Park at Nakkapalli and Pharma City at Parawada (Anakapalli)', '• నక్కపల్లి బల్క్ డ్రగ్ పార్కు, పరవాడ ఫార్మా సిటీ (అనకాపల్లి)')],
    contact: LARGE_CONTACT,
  },
  chemicals: {
    policy: IDP,
    points: [...IDP_POINTS.slice(0, 2), both('• Land in the Visakhapatnam–Kakinada petrochemical region (PCPIR)', '• విశాఖపట్నం–కాకినాడ పెట్రోకెమికల్ ప్రాంతం (పీసీపీఐఆర్)లో భూమి')],
    contact: LARGE_CONTACT,
  },
  automobile: {
    policy: IDP,
    points: [...IDP_POINTS.slice(0, 2), both('• Supplier parks near Penukonda (Kia) and Sri City', '• పెనుకొండ (కియా), శ్రీ సిటీ వద్ద విడిభాగాల పార్కులు')],
    contact: LARGE_CONTACT,
  },
  engineering: { policy: IDP, points: IDP_POINTS, contact: LARGE_CONTACT },
  metals: { policy: IDP, points: IDP_POINTS, contact: LARGE_CONTACT },
  cement_minerals: { policy: IDP, points: IDP_POINTS, contact: LARGE_CONTACT },
  plastics_packaging: { policy: IDP, points: IDP_POINTS, contact: LARGE_CONTACT },
  paper_wood: { policy: IDP, points: IDP_POINTS, contact: LARGE_CONTACT },
  leather: { policy: IDP, points: IDP_POINTS, contact: LARGE_CONTACT },
  renewable_energy: {
    policy: both('AP Integrated Clean Energy Policy 2024', 'ఏపీ సమీకృత స్వచ్ఛ ఇంధన విధానం 2024'),
    points: [
      both('• Solar, wind, pumped storage, green hydrogen and battery projects', '• సౌర, పవన, పంప్డ్ స్టోరేజ్, గ్రీన్ హైడ్రోజన్, బ్యాటరీ ప్రాజెక్టులు'),
      both('• Government land on lease at fixed rates', '• నిర్ణీత ధరలకు ప్రభుత్వ భూమి లీజుకు'),
      both('• Transmission and open access support', '• విద్యుత్ ప్రసారం, ఓపెన్ యాక్సెస్ సాయం'),
    ],
    contact: both('NREDCAP (New and Renewable Energy Development Corporation of AP)', 'నెడ్‌క్యాప్ (ఏపీ నూతన, పునరుత్పాదక ఇంధన అభివృద్ధి సంస్థ)'),
  },
  logistics: {
    policy: both('AP Logistics Policy 2024-29', 'ఏపీ లాజిస్టిక్స్ విధానం 2024-29'),
    points: [
      both('• Capital subsidy for warehouses, cold storages and truck terminals', '• గిడ్డంగులు, శీతల గిడ్డంగులు, ట్రక్ టెర్మినళ్లకు మూలధన రాయితీ'),
      both('• Multi-modal logistics parks near ports and highways', '• ఓడరేవులు, జాతీయ రహదారుల వద్ద బహుళ రవాణా లాజిస్టిక్స్ పార్కులు'),
      both('• Stamp duty and land conversion refunds', '• స్టాంప్ డ్యూటీ, భూ మార్పిడి ఛార్జీల వాపసు'),
    ],
    contact: both('Commissionerate of Industries (logistics cell)', 'పరిశ్రమల కమిషనరేట్ (లాజిస్టిక్స్ విభాగం)'),
  },
  tourism: {
    policy: both('AP Tourism Policy 2024-29', 'ఏపీ పర్యాటక విధానం 2024-29'),
    points: [
      both('• Industry status for tourism projects: power at industrial tariff', '• పర్యాటక ప్రాజెక్టులకు పరిశ్రమ హోదా: పారిశ్రామిక ధరకే విద్యుత్'),
      both('• Capital subsidy and SGST reimbursement for hotels, resorts and homestays', '• హోటళ్లు, రిసార్టులు, హోమ్‌స్టేలకు మూలధన రాయితీ, ఎస్‌జీఎస్టీ వాపసు'),
      both('• Land from the tourism land bank on lease', '• పర్యాటక ల్యాండ్ బ్యాంకు నుంచి లీజుకు భూమి'),
    ],
    contact: both('Department of Tourism, Andhra Pradesh', 'పర్యాటక శాఖ, ఆంధ్రప్రదేశ్'),
  },
  msme_services: {
    policy: MSME,
    points: [
      both('• Investment subsidy, higher for SC, ST, BC and women entrepreneurs', '• పెట్టుబడి రాయితీ, ఎస్సీ, ఎస్టీ, బీసీ, మహిళా పారిశ్రామికవేత్తలకు మరింత ఎక్కువ'),
      both('• Interest subsidy on term loans and power cost reimbursement', '• టర్మ్ రుణాలపై వడ్డీ రాయితీ, విద్యుత్ ఛార్జీల వాపసు'),
      both('• An MSME park in every assembly constituency', '• ప్రతి అసెంబ్లీ నియోజకవర్గంలో ఒక ఎంఎస్ఎంఈ పార్కు'),
    ],
    contact: both('General Manager, District Industries Centre of your district', 'మీ జిల్లా పరిశ్రమల కేంద్రం జనరల్ మేనేజర్'),
  },
};
POLICIES.other = { ...POLICIES.msme_services!, points: [...POLICIES.msme_services!.points.slice(0, 2), IDP_POINTS[0]!], contact: both('Commissionerate of Industries, or the District Industries Centre of your district', 'పరిశ్రమల కమిషనరేట్ లేదా మీ జిల్లా పరిశ్రమల కేంద్రం') };

export const spec: DeskSpec = {
  department: 'industries',
  slug: 'industries',
  title: 'AP Single Desk (Industries)',
  idPrefix: 'SDP',
  auth: 'oauth2',
  lookups: [
    {
      path: '/incentives/:application_number',
      key: 'application_number',
      pattern: APPLICATION_NUMBER,
      hint: APPLICATION_HINT,
      answer: incentiveStatus,
    },
    {
      path: '/single-desk/applications/:application_number',
      key: 'application_number',
      pattern: APPLICATION_NUMBER,
      hint: APPLICATION_HINT,
      answer: singleDeskStatus,
    },
    {
      path: '/guides/udyam',
      key: '',
      answer: () => ({
        portal: 'udyamregistration.gov.in',
        steps: join([
          both('1. Open the portal and choose "For new entrepreneurs".', '1. పోర్టల్ తెరిచి "For new entrepreneurs" ఎంచుకోండి.'),
          both('2. Enter the owner’s Aadhaar and the OTP sent to the mobile linked to it.', '2. యజమాని ఆధార్ నంబరు, దానికి అనుసంధానమైన మొబైల్‌కు వచ్చే ఓటీపీ నమోదు చేయండి.'),
          both('3. Give the PAN (and GSTIN if you have one): investment and turnover are taken from them.', '3. పాన్ (జీఎస్టీఐఎన్ ఉంటే అది కూడా) ఇవ్వండి: పెట్టుబడి, టర్నోవర్ వాటి నుంచే తీసుకుంటారు.'),
          both('4. Fill in the bank account, the activity and the number of workers, and submit.', '4. బ్యాంకు ఖాతా, వ్యాపార కార్యకలాపం, కార్మికుల సంఖ్య నింపి సమర్పించండి.'),
          both('5. The certificate with your UDYAM-AP number comes by email.', '5. మీ UDYAM-AP నంబరుతో ధృవపత్రం ఈమెయిల్‌కు వస్తుంది.'),
        ]),
        classes: join([
          both('Micro: up to ₹2.5 crore / ₹10 crore', 'సూక్ష్మ: ₹2.5 కోట్లు / ₹10 కోట్ల వరకు'),
          both('Small: up to ₹25 crore / ₹100 crore', 'చిన్న: ₹25 కోట్లు / ₹100 కోట్ల వరకు'),
          both('Medium: up to ₹125 crore / ₹500 crore', 'మధ్య తరహా: ₹125 కోట్లు / ₹500 కోట్ల వరకు'),
        ]),
        office: both('the District Industries Centre (DIC) of your district', 'మీ జిల్లా పరిశ్రమల కేంద్రం (డీఐసీ)'),
      }),
    },
    {
      path: '/policies/:sector',
      key: 'sector',
      answer: (ctx) => {
        const sector = ctx.key.toLowerCase();
        const policy = POLICIES[sector];
        if (!policy || !SECTORS[sector]) return null;
        return {
          sector: SECTORS[sector]!,
          policy: policy.policy,
          highlights: join(policy.points),
          contact: policy.contact,
          desk_officer: ctx.pick.person(),
        };
      },
    },
  ],
  filings: [
    {
      path: '/single-desk/applications',
      code: 'SDA',
      kind: 'application',
      requires: ['enterprise_name', 'sector', 'investment_lakh', 'district', 'clearances'],
      check: (body) => {
        const sector = str(body.sector);
        if (!SECTORS[sector]) return refusal(422, 'INVALID_SECTOR', 'Please choose the sector from the list');
        if (!DISTRICT_IDS.includes(str(body.district))) return refusal(422, 'INVALID_DISTRICT', 'Please choose a district of Andhra Pradesh from the list');
        const clearance = str(body.clearances);
        if (!CLEARANCES.includes(clearance)) return refusal(422, 'INVALID_CLEARANCE', 'Please choose the clearances you need from the list');
        const lakh = num(body.investment_lakh);
        if (!Number.isFinite(lakh) || lakh <= 0) return refusal(422, 'INVALID_INVESTMENT', 'The proposed investment must be an amount in rupees lakh, more than zero');
        if (clearance === 'drug_licence' && sector !== 'pharma') return refusal(422, 'CLEARANCE_NOT_FOR_SECTOR', 'A drug manufacturing licence is only for pharma units; please choose the clearances your unit needs');
        return null;
      },
      steps: [
        { status: 'in_review', note: both('The single desk cell at the District Industries Centre has sent your application to each department concerned.', 'జిల్లా పరిశ్రమల కేంద్రంలోని సింగిల్ డెస్క్ విభాగం మీ దరఖాస్తును సంబంధిత శాఖలన్నింటికీ పంపింది.') },
        { status: 'approved', note: both('All clearances approved within the 21 working days of the AP Single Desk Act; download them from the single desk portal.', 'ఏపీ సింగిల్ డెస్క్ చట్టం ప్రకారం 21 పని దినాల్లో అన్ని అనుమతులు ఆమోదించారు; సింగిల్ డెస్క్ పోర్టల్ నుంచి డౌన్‌లోడ్ చేసుకోండి.') },
      ],
    },
    {
      path: '/land-allotments',
      code: 'LA',
      kind: 'application',
      requires: ['district', 'industrial_park', 'land_acres', 'project_report'],
      check: (body) => {
        if (!DISTRICT_IDS.includes(str(body.district))) return refusal(422, 'INVALID_DISTRICT', 'Please choose a district of Andhra Pradesh from the list');
        const acres = num(body.land_acres);
        if (!Number.isFinite(acres) || acres <= 0) return refusal(422, 'INVALID_EXTENT', 'The land needed must be given in acres, more than zero');
        if (acres > 500) return refusal(422, 'EXTENT_TOO_LARGE', 'Plots above 500 acres are allotted on the recommendation of the State Investment Promotion Board; please apply through APEDB');
        return null;
      },
      steps: [
        { status: 'in_review', note: both('The APIIC Zonal Manager is checking plot availability in the park and your project report.', 'ఏపీఐఐసీ జోనల్ మేనేజర్ పార్కులో ప్లాట్ల లభ్యత, మీ ప్రాజెక్టు నివేదికను పరిశీలిస్తున్నారు.') },
        { status: 'approved', note: both('Plot allotted by the APIIC allotment committee; pay the land cost within 30 days of the allotment letter.', 'ఏపీఐఐసీ కేటాయింపు కమిటీ ప్లాటు కేటాయించింది; కేటాయింపు లేఖ అందిన 30 రోజుల్లో భూమి ధర చెల్లించండి.') },
      ],
    },
    {
      path: '/incentives',
      code: 'INC',
      kind: 'application',
      requires: ['unit_registration', 'incentive_type', 'claim_period', 'invoices'],
      check: (body) => {
        if (!INCENTIVES[str(body.incentive_type)]) return refusal(422, 'INVALID_INCENTIVE', 'Please choose the incentive from the list');
        const udyam = UDYAM.exec(str(body.unit_registration).toUpperCase());
        if (udyam && udyam[1] !== 'AP') return refusal(422, 'UNIT_OUTSIDE_STATE', 'Only units registered in Andhra Pradesh (UDYAM-AP-…) can claim the state’s incentives');
        return null;
      },
      steps: [
        { status: 'in_review', note: both('The General Manager, District Industries Centre is inspecting the unit and checking the invoices.', 'జిల్లా పరిశ్రమల కేంద్రం జనరల్ మేనేజర్ యూనిట్‌ను తనిఖీ చేసి ఇన్వాయిస్‌లను పరిశీలిస్తున్నారు.') },
        { status: 'approved', note: both('Sanctioned by the District Industries Promotion Committee; the amount is released to the unit’s bank account as the budget allows.', 'జిల్లా పరిశ్రమల ప్రోత్సాహక కమిటీ మంజూరు చేసింది; బడ్జెట్ లభ్యతను బట్టి మొత్తం యూనిట్ బ్యాంకు ఖాతాకు జమ అవుతుంది.') },
      ],
    },
    {
      path: '/factory-licences/:factory_licence_number/renewals',
      code: 'FLR',
      kind: 'application',
      requires: ['factory_licence_number', 'workers', 'power_hp'],
      check: (body) => {
        const workers = num(body.workers);
        const hp = num(body.power_hp);
        if (!Number.isFinite(workers) || workers < 0 || !Number.isFinite(hp) || hp < 0) return refusal(422, 'INVALID_NUMBER', 'The number of workers and the installed power must be whole numbers');
        if (workers < (hp > 0 ? 10 : 20)) return refusal(422, 'NOT_A_FACTORY', 'A unit with fewer than 10 workers (20 without power) is not a factory under the Factories Act and needs no factory licence');
        return null;
      },
      steps: [
        { status: 'in_review', note: both('The Inspector of Factories for your area is checking the renewal and the unit’s safety records.', 'మీ ప్రాంత కర్మాగారాల తనిఖీ అధికారి నవీకరణ దరఖాస్తును, యూనిట్ భద్రతా రికార్డులను పరిశీలిస్తున్నారు.') },
        { status: 'issued', note: both('Licence renewed by the Deputy Chief Inspector of Factories; download it from the single desk portal.', 'కర్మాగారాల డిప్యూటీ చీఫ్ ఇన్‌స్పెక్టర్ లైసెన్సును నవీకరించారు; సింగిల్ డెస్క్ పోర్టల్ నుంచి డౌన్‌లోడ్ చేసుకోండి.') },
      ],
    },
    {
      path: '/grievances',
      code: 'GRV',
      kind: 'grievance',
      requires: ['unit_registration', 'complaint_type', 'details'],
      check: (body) => (COMPLAINTS.includes(str(body.complaint_type)) ? null : refusal(422, 'INVALID_COMPLAINT_TYPE', 'Please choose what the complaint is about from the list')),
      steps: [
        { status: 'in_review', note: both('The Commissionerate of Industries has sent your grievance to the department concerned; the District Industries Centre will call you.', 'పరిశ్రమల కమిషనరేట్ మీ ఫిర్యాదును సంబంధిత శాఖకు పంపింది; జిల్లా పరిశ్రమల కేంద్రం మీకు ఫోన్ చేస్తుంది.') },
        { status: 'resolved', note: both('Resolved: the General Manager, District Industries Centre has recorded the action taken.', 'పరిష్కరించారు: జిల్లా పరిశ్రమల కేంద్రం జనరల్ మేనేజర్ తీసుకున్న చర్యను నమోదు చేశారు.') },
      ],
    },
  ],
};
