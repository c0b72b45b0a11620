/**
 * GSWS (Department of Village and Ward Secretariats), simulated: the
 * secretariat services catalogue, NTR Bharosa pensions, PMAY-NTR housing,
 * household mapping, welfare eligibility by the six-step validation,
 * Annadata Sukhibhava payments, secretariat contacts and certificates issued
 * at the counter; it takes pension, house site and NTR Vaidya Seva health
 * card applications. Callers send the department's API key.
 *
 * Test numbers: citizens are named by UIDAI's token (72 hex characters), as
 * the platform verifies Aadhaar first; any well-formed token or application
 * number is a record, one ending in 00000 is "no such record" (404).
 * Test residents (keys ending 99503 / 99429 / 99504, names "Test Down" /
 * "Test Busy" / "Test Slow") are played by the desk runtime.
 */
import { join, monthYear, todayOf, yearSpan } from '../desk/fields';
import { ddmmyyyy, indianGrouping, type Picker } from '../desk/picker';
import { DISTRICTS, PLACES, insideAndhra, nearest, parseLatLon, type Place } from '../desk/places';
import { refusal, type DeskSpec, type Localized, type Refusal } from '../desk/spec';

const L = (en: string, te: string): Localized => ({ en, te });
const NONE = L('', '');
const firstOfNextMonth = (today: string) => {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

const UID_TOKEN = /^[0-9A-F]{72}$/;
const UID_HINT = 'The Aadhaar token is 72 hexadecimal characters, as UIDAI issues it for a verified citizen';
const APPLICATION = /^(?=.*\d)[A-Z0-9/-]{6,30}$/;

const VILLAGES: Localized[] = [
  L('Kothapalli', 'కొత్తపల్లి'),
  L('Ramapuram', 'రామాపురం'),
  L('Venkatapuram', 'వెంకటాపురం'),
  L('Lakshmipuram', 'లక్ష్మీపురం'),
  L('Gollapalem', 'గొల్లపాలెం'),
  L('Pedapadu', 'పెదపాడు'),
  L('Chinnapuram', 'చిన్నాపురం'),
  L('Rajupalem', 'రాజుపాలెం'),
  L('Narayanapuram', 'నారాయణపురం'),
  L('Seetharamapuram', 'సీతారామపురం'),
  L('Tallapalem', 'తాళ్లపాలెం'),
  L('Mallavaram', 'మల్లవరం'),
];

interface Secretariat {
  name: Localized;
  code: string;
  ward: boolean;
  village: Localized;
  place: Place;
}

/** A secretariat: a ward one in a town, or a village one in the town's mandal. */
function secretariatAt(place: Place, pick: Picker, ward = place.town === true && pick.chance(0.5)): Secretariat {
  const code = `${pick.int(1, 2)}${pick.digits(7)}`;
  if (ward) {
    const n = pick.int(1, 48);
    return { name: L(`Ward Secretariat No. ${n}, ${place.name.en}`, `${place.name.te} వార్డు సచివాలయం నం. ${n}`), code, ward, village: place.name, place };
  }
  const village = pick.one(VILLAGES);
  return { name: L(`${village.en} Village Secretariat, ${place.name.en} mandal`, `${village.te} గ్రామ సచివాలయం, ${place.name.te} మండలం`), code, ward, village, place };
}

// ---------------------------------------------------------------- services catalogue

interface Service {
  words: string[];
  name: Localized;
  department: Localized;
  fee: Localized;
  days: number;
  documents: Localized;
}
const FREE = L('Free', 'ఉచితం');
const SERVICES: Service[] = [
  { words: ['income', 'ఆదాయ'], name: L('Income certificate', 'ఆదాయ ధృవీకరణ పత్రం'), department: L('Revenue (Tahsildar)', 'రెవెన్యూ (తహసీల్దార్)'), fee: L('₹45', '₹45'), days: 7, documents: L('Aadhaar, rice card, self-declaration of income', 'ఆధార్, బియ్యం కార్డు, ఆదాయ స్వీయ ధృవీకరణ') },
  { words: ['caste', 'integrated', 'nativity', 'కుల', 'సమీకృత'], name: L('Integrated certificate (caste, nativity, date of birth)', 'సమీకృత ధృవీకరణ పత్రం (కులం, స్థానికత, పుట్టిన తేదీ)'), department: L('Revenue (Tahsildar)', 'రెవెన్యూ (తహసీల్దార్)'), fee: L('₹45', '₹45'), days: 30, documents: L('Aadhaar, study certificates, a parent’s caste certificate', 'ఆధార్, చదువు ధృవీకరణ పత్రాలు, తల్లి లేదా తండ్రి కుల ధృవీకరణ పత్రం') },
  { words: ['family', 'కుటుంబ'], name: L('Family member certificate', 'కుటుంబ సభ్యుల ధృవీకరణ పత్రం'), department: L('Revenue (Tahsildar)', 'రెవెన్యూ (తహసీల్దార్)'), fee: L('₹45', '₹45'), days: 30, documents: L('Death certificate, Aadhaar of every family member, rice card', 'మరణ ధృవీకరణ పత్రం, కుటుంబ సభ్యులందరి ఆధార్, బియ్యం కార్డు') },
  { words: ['residence', 'resident', 'నివాస'], name: L('Residence certificate', 'నివాస ధృవీకరణ పత్రం'), department: L('Revenue (Tahsildar)', 'రెవెన్యూ (తహసీల్దార్)'), fee: L('₹45', '₹45'), days: 7, documents: L('Aadhaar, a bill or rent agreement at the address', 'ఆధార్, చిరునామాలోని బిల్లు లేదా అద్దె ఒప్పందం') },
  { words: ['birth', 'death', 'జనన', 'మరణ'], name: L('Birth or death certificate', 'జనన లేదా మరణ ధృవీకరణ పత్రం'), department: L('Panchayat Raj / Municipal registrar', 'పంచాయతీరాజ్ / పురపాలక రిజిస్ట్రార్'), fee: L('₹50 a copy', 'ఒక్కో కాపీకి ₹50'), days: 7, documents: L('Hospital discharge record, parents’ Aadhaar', 'ఆసుపత్రి డిశ్చార్జ్ పత్రం, తల్లిదండ్రుల ఆధార్') },
  { words: ['ration', 'rice card', 'రేషన్', 'బియ్యం'], name: L('New rice card or change of members', 'కొత్త బియ్యం కార్డు లేదా సభ్యుల మార్పు'), department: L('Civil Supplies', 'పౌర సరఫరాల శాఖ'), fee: FREE, days: 21, documents: L('Aadhaar of every member, e-KYC at the secretariat', 'సభ్యులందరి ఆధార్, సచివాలయంలో ఈ-కేవైసీ') },
  { words: ['adangal', '1-b', '1b', 'pahani', 'passbook', 'land record', 'అడంగల్', 'పహాణీ', 'పాస్', 'భూమి'], name: L('Adangal / 1-B copy and pattadar passbook', 'అడంగల్ / 1-బీ నకలు, పట్టాదారు పాస్‌పుస్తకం'), department: L('Revenue (VRO, Tahsildar)', 'రెవెన్యూ (వీఆర్ఓ, తహసీల్దార్)'), fee: L('₹25 a copy; passbook ₹45', 'నకలుకు ₹25; పాస్‌పుస్తకం ₹45'), days: 1, documents: L('Survey or khata number, Aadhaar', 'సర్వే లేదా ఖాతా నంబర్, ఆధార్') },
  { words: ['mutation', 'మ్యుటేషన్', 'పేరు మార్పు'], name: L('Land mutation (name change after sale or inheritance)', 'భూమి మ్యుటేషన్ (అమ్మకం లేదా వారసత్వం తర్వాత పేరు మార్పు)'), department: L('Revenue (Tahsildar)', 'రెవెన్యూ (తహసీల్దార్)'), fee: L('₹45 service charge, plus the mutation fee', '₹45 సేవా రుసుము, దానితో పాటు మ్యుటేషన్ ఫీజు'), days: 30, documents: L('Registered deed or death certificate, passbook, Aadhaar', 'రిజిస్టర్డ్ దస్తావేజు లేదా మరణ ధృవీకరణ, పాస్‌పుస్తకం, ఆధార్') },
  { words: ['pension', 'పింఛ', 'పెన్షన్', 'bharosa', 'భరోసా'], name: L('NTR Bharosa pension', 'ఎన్టీఆర్ భరోసా పింఛను'), department: L('SERP (Rural Development)', 'సెర్ప్ (గ్రామీణాభివృద్ధి)'), fee: FREE, days: 21, documents: L('Aadhaar, age proof, SADAREM or husband’s death certificate as the pension needs', 'ఆధార్, వయసు రుజువు, పింఛను రకాన్ని బట్టి సదరం లేదా భర్త మరణ ధృవీకరణ') },
  { words: ['aadhaar', 'aadhar', 'ఆధార్'], name: L('Aadhaar enrolment and update', 'ఆధార్ నమోదు, అప్‌డేట్'), department: L('UIDAI, through the secretariat', 'సచివాలయం ద్వారా యూఐడీఏఐ'), fee: L('New enrolment free; ₹75 for details, ₹125 for biometrics', 'కొత్త నమోదు ఉచితం; వివరాలకు ₹75, బయోమెట్రిక్‌కు ₹125'), days: 1, documents: L('Proof of identity and address', 'గుర్తింపు, చిరునామా రుజువులు') },
  { words: ['house', 'housing', 'site', 'ఇల్లు', 'ఇంటి', 'స్థల', 'గృహ'], name: L('House site or house for the homeless poor', 'పేదలకు ఇంటి స్థలం లేదా ఇల్లు'), department: L('Revenue and Housing', 'రెవెన్యూ, గృహ నిర్మాణ శాఖ'), fee: FREE, days: 60, documents: L('Aadhaar, rice card, a declaration that you own no house', 'ఆధార్, బియ్యం కార్డు, సొంత ఇల్లు లేదని స్వీయ ప్రకటన') },
  { words: ['health', 'arogya', 'vaidya', 'ayushman', 'ఆరోగ్య', 'వైద్య'], name: L('NTR Vaidya Seva / Ayushman Bharat health card', 'ఎన్టీఆర్ వైద్య సేవ / ఆయుష్మాన్ భారత్ ఆరోగ్య కార్డు'), department: L('Dr NTR Vaidya Seva Trust', 'డా. ఎన్టీఆర్ వైద్య సేవ ట్రస్ట్'), fee: FREE, days: 15, documents: L('Rice card, Aadhaar of the member', 'బియ్యం కార్డు, సభ్యుని ఆధార్') },
  { words: ['sadarem', 'disab', 'సదరం', 'వైకల్య', 'దివ్యాంగ'], name: L('SADAREM disability assessment slot', 'సదరం వైకల్య నిర్ధారణ స్లాట్'), department: L('Health (SADAREM camps)', 'వైద్య ఆరోగ్య శాఖ (సదరం శిబిరాలు)'), fee: FREE, days: 30, documents: L('Aadhaar, medical records', 'ఆధార్, వైద్య రికార్డులు') },
  { words: ['electric', 'power', 'current', 'విద్యుత్', 'కరెంట్'], name: L('New electricity connection or name change', 'కొత్త విద్యుత్ కనెక్షన్ లేదా పేరు మార్పు'), department: L('Energy (DISCOM)', 'విద్యుత్ పంపిణీ సంస్థ'), fee: L('₹25 service charge, plus DISCOM charges', '₹25 సేవా రుసుము, దానితో పాటు డిస్కం చార్జీలు'), days: 30, documents: L('Ownership or rent document, Aadhaar', 'యాజమాన్య లేదా అద్దె పత్రం, ఆధార్') },
  { words: ['water', 'tap', 'నీటి', 'కుళాయి'], name: L('Drinking water tap connection', 'తాగునీటి కుళాయి కనెక్షన్'), department: L('Rural Water Supply / Municipality', 'గ్రామీణ నీటి సరఫరా / పురపాలక సంస్థ'), fee: L('As the panchayat or municipality charges', 'పంచాయతీ లేదా పురపాలక సంస్థ నిర్ణయించిన రుసుము'), days: 30, documents: L('House tax receipt, Aadhaar', 'ఇంటి పన్ను రసీదు, ఆధార్') },
];
const POPULAR = [0, 1, 5, 8, 9, 11];

// ---------------------------------------------------------------- pensions

const PENSIONS: Record<string, { name: Localized; amount: number; minAge: number }> = {
  old_age: { name: L('Old age pension', 'వృద్ధాప్య పింఛను'), amount: 4000, minAge: 60 },
  widow: { name: L('Widow pension', 'వితంతు పింఛను'), amount: 4000, minAge: 18 },
  disabled: { name: L('Disabled pension', 'దివ్యాంగుల పింఛను'), amount: 6000, minAge: 0 },
  fully_disabled: { name: L('Pension for the bedridden', 'పూర్తి వైకల్య (మంచానికే పరిమితమైన వారి) పింఛను'), amount: 15000, minAge: 0 },
  single_women: { name: L('Single women pension', 'ఒంటరి మహిళల పింఛను'), amount: 4000, minAge: 35 },
  weavers: { name: L('Weavers pension', 'చేనేత కార్మికుల పింఛను'), amount: 4000, minAge: 50 },
  toddy_tappers: { name: L('Toddy tappers pension', 'కల్లుగీత కార్మికుల పింఛను'), amount: 4000, minAge: 50 },
  fishermen: { name: L('Fishermen pension', 'మత్స్యకారుల పింఛను'), amount: 4000, minAge: 50 },
  cobblers: { name: L('Traditional cobblers pension', 'సంప్రదాయ చర్మకారుల పింఛను'), amount: 4000, minAge: 40 },
  dappu_artists: { name: L('Dappu artists pension', 'డప్పు కళాకారుల పింఛను'), amount: 4000, minAge: 50 },
  artists: { name: L('Artists pension', 'కళాకారుల పింఛను'), amount: 4000, minAge: 50 },
  transgender: { name: L('Transgender pension', 'ట్రాన్స్‌జెండర్ పింఛను'), amount: 4000, minAge: 18 },
  art_hiv: { name: L('ART (HIV) pension', 'ఏఆర్టీ (హెచ్ఐవీ) పింఛను'), amount: 4000, minAge: 18 },
  dialysis_ckdu: { name: L('Dialysis (CKDU) pension', 'డయాలసిస్ (సీకేడీయూ) పింఛను'), amount: 10000, minAge: 0 },
  severe_disease: { name: L('Severe chronic disease pension', 'తీవ్ర దీర్ఘకాల వ్యాధి పింఛను'), amount: 10000, minAge: 0 },
  transplant: { name: L('Organ transplant pension', 'అవయవ మార్పిడి పింఛను'), amount: 10000, minAge: 0 },
  leprosy: { name: L('Leprosy pension', 'కుష్టు వ్యాధిగ్రస్తుల పింఛను'), amount: 6000, minAge: 0 },
  sainik_welfare: { name: L('Sainik welfare pension', 'సైనిక సంక్షేమ పింఛను'), amount: 5000, minAge: 0 },
  abhaya_hastham: { name: L('Abhaya Hastham pension', 'అభయ హస్తం పింఛను'), amount: 4000, minAge: 60 },
  other: { name: L('Other pension', 'ఇతర పింఛను'), amount: 4000, minAge: 18 },
};
const COMMON_PENSIONS = ['old_age', 'old_age', 'old_age', 'widow', 'widow', 'disabled', 'single_women', 'weavers', 'toddy_tappers', 'fishermen', 'fully_disabled', 'dialysis_ckdu'];

// ---------------------------------------------------------------- certificates

const CERTIFICATES: Record<string, Localized> = {
  INC: L('Income certificate', 'ఆదాయ ధృవీకరణ పత్రం'),
  ICC: L('Integrated certificate', 'సమీకృత ధృవీకరణ పత్రం'),
  RES: L('Residence certificate', 'నివాస ధృవీకరణ పత్రం'),
  FMC: L('Family member certificate', 'కుటుంబ సభ్యుల ధృవీకరణ పత్రం'),
  EWS: L('EWS certificate', 'ఈడబ్ల్యూఎస్ ధృవీకరణ పత్రం'),
  OBC: L('OBC certificate', 'ఓబీసీ ధృవీకరణ పత్రం'),
  LSC: L('Local status certificate', 'స్థానికత ధృవీకరణ పత్రం'),
  NEC: L('No earnings certificate', 'ఆదాయం లేదని ధృవీకరణ పత్రం'),
  BRT: L('Birth certificate', 'జనన ధృవీకరణ పత్రం'),
  DTH: L('Death certificate', 'మరణ ధృవీకరణ పత్రం'),
  PEN: L('Pension sanction order', 'పింఛను మంజూరు ఉత్తర్వు'),
  HSA: L('House site patta', 'ఇంటి స్థలం పట్టా'),
  HC: L('NTR Vaidya Seva health card', 'ఎన్టీఆర్ వైద్య సేవ ఆరోగ్య కార్డు'),
};
const ISSUER: Record<string, Localized> = {
  BRT: L('Registrar of Births and Deaths', 'జనన, మరణాల రిజిస్ట్రార్'),
  DTH: L('Registrar of Births and Deaths', 'జనన, మరణాల రిజిస్ట్రార్'),
  PEN: L('MPDO, for SERP', 'ఎంపీడీఓ (సెర్ప్ తరఫున)'),
  HC: L('Dr NTR Vaidya Seva Trust', 'డా. ఎన్టీఆర్ వైద్య సేవ ట్రస్ట్'),
};

// ---------------------------------------------------------------- the spec

const PENDING_AT: Localized[] = [L('the VRO, for field verification', 'క్షేత్ర పరిశీలన కోసం వీఆర్ఓ వద్ద'), L('the Revenue Inspector', 'రెవెన్యూ ఇన్‌స్పెక్టర్ వద్ద'), L('the Tahsildar, for signature', 'సంతకం కోసం తహసీల్దార్ వద్ద')];

export const spec: DeskSpec = {
  department: 'secretariats',
  slug: 'secretariats',
  title: 'GSWS (Village and Ward Secretariats)',
  idPrefix: 'GSWS',
  auth: 'api_key',
  lookups: [
    {
      // secretariat_services
      path: '/services',
      key: 'service_name',
      pattern: /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} .,'()&/-]{1,59}$/u,
      hint: 'Write the service in a few words, for example income certificate',
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const asked = `${ctx.key} ${ctx.query.service_name ?? ''}`.toLowerCase();
        const found = SERVICES.find((s) => s.words.some((w) => asked.includes(w.toLowerCase())));
        if (!found) {
          const lines = POPULAR.map((i) => SERVICES[i]!).map((s) => L(`• ${s.name.en}: ${s.fee.en}`, `• ${s.name.te}: ${s.fee.te}`));
          return { match: 'none', asked: (ctx.query.service_name ?? ctx.key).trim(), service: NONE, department: NONE, fee: NONE, sla_days: 0, documents: NONE, lines: join(lines) };
        }
        return { match: 'found', asked: (ctx.query.service_name ?? ctx.key).trim(), service: found.name, department: found.department, fee: found.fee, sla_days: found.days, documents: found.documents, lines: NONE };
      },
    },
    {
      // pension_status
      path: '/pensions/status',
      key: 'uid_token',
      pattern: UID_TOKEN,
      hint: UID_HINT,
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const type = PENSIONS[ctx.pick.one(COMMON_PENSIONS)]!;
        const day = Number(ctx.today.slice(8, 10));
        const roll = ctx.pick.int(1, 100);
        const status = day === 1 && roll <= 50 ? 'pending' : roll > 92 ? 'on_hold' : 'paid';
        const paidDay = Math.min(day, ctx.pick.one([1, 1, 1, 2]));
        const home = secretariatAt(ctx.pick.one(PLACES), ctx.pick);
        const assistant = ctx.pick.person();
        const holdReason = status !== 'on_hold' ? NONE : ctx.pick.one([L('Face authentication not done for 3 months', '3 నెలలుగా ముఖ ధృవీకరణ (ఫేస్ అథెంటికేషన్) చేయలేదు'), L('Eligibility being re-verified by the MPDO', 'అర్హతను ఎంపీడీఓ పునఃపరిశీలిస్తున్నారు'), L('Pension not collected for 3 months running', 'వరుసగా 3 నెలలు పింఛను తీసుకోలేదు')]);
        return {
          pension_id: ctx.pick.digits(9),
          pension_type: type.name,
          amount: indianGrouping(type.amount),
          month: monthYear(todayOf(ctx)),
          status,
          paid_on: status === 'paid' ? ddmmyyyy(`${ctx.today.slice(0, 8)}${String(paidDay).padStart(2, '0')}`) : '',
          paid_by: assistant,
          secretariat: home.name,
          next_payment: ddmmyyyy(firstOfNextMonth(ctx.today)),
          hold_reason: holdReason,
        };
      },
    },
    {
      // housing_status
      path: '/housing/status',
      key: 'uid_token',
      pattern: UID_TOKEN,
      hint: UID_HINT,
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const stages = [
          { id: 'sanctioned', paid: 0, next: 55000 },
          { id: 'basement', paid: 55000, next: 55000 },
          { id: 'roof_level', paid: 110000, next: 40000 },
          { id: 'roof_laid', paid: 150000, next: 30000 },
          { id: 'completed', paid: 180000, next: 0 },
        ] as const;
        const stage = ctx.pick.one(stages);
        const place = ctx.pick.one(PLACES);
        const urban = place.town === true && ctx.pick.chance(0.5);
        const village = ctx.pick.one(VILLAGES);
        return {
          house_id: ctx.pick.digits(10),
          scheme: urban ? L('PMAY-Urban 2.0 (NTR Housing)', 'పీఎంఏవై-అర్బన్ 2.0 (ఎన్టీఆర్ గృహ నిర్మాణం)') : L('PMAY-Gramin (NTR Housing)', 'పీఎంఏవై-గ్రామీణ్ (ఎన్టీఆర్ గృహ నిర్మాణం)'),
          layout: urban ? L(`PMAY-NTR Nagar layout, ${place.name.en}`, `పీఎంఏవై-ఎన్టీఆర్ నగర్ లేఅవుట్, ${place.name.te}`) : L(`PMAY-NTR Nagar layout, ${village.en}, ${place.name.en} mandal`, `పీఎంఏవై-ఎన్టీఆర్ నగర్ లేఅవుట్, ${village.te}, ${place.name.te} మండలం`),
          district: DISTRICTS[place.district]!,
          stage: stage.id,
          stage_date: ctx.pick.date(-240, -5),
          unit_cost: indianGrouping(180000),
          paid: indianGrouping(stage.paid),
          next_amount: indianGrouping(stage.next),
          engineer: ctx.pick.person(),
        };
      },
    },
    {
      // household_mapping
      path: '/households/mapping',
      key: 'uid_token',
      pattern: UID_TOKEN,
      hint: UID_HINT,
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const home = secretariatAt(ctx.pick.one(PLACES), ctx.pick);
        const members = ctx.pick.int(1, 6);
        const pending = ctx.pick.chance(0.3) ? ctx.pick.int(1, members) : 0;
        return {
          household_id: ctx.pick.digits(10),
          head: ctx.pick.person(),
          members,
          secretariat: home.name,
          secretariat_code: home.code,
          district: DISTRICTS[home.place.district]!,
          mapped_on: ctx.pick.date(-900, -30),
          ekyc: pending ? 'pending' : 'complete',
          pending_members: pending,
        };
      },
    },
    {
      // scheme_eligibility
      path: '/schemes/eligibility',
      key: 'uid_token',
      pattern: UID_TOKEN,
      hint: UID_HINT,
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const p = ctx.pick;
        const rural = p.chance(0.65);
        const income = p.int(4, rural ? 12 : 15) * 1000;
        const limit = rural ? 10000 : 12000;
        const units = p.int(60, 380);
        const car = p.chance(0.07);
        const government = p.chance(0.05);
        const wetAcres = p.chance(0.5) ? p.int(1, 45) / 10 : 0;
        const children = p.int(0, 3);
        const elder = p.chance(0.35);
        const ownsHouse = p.chance(0.55);
        const lpg = p.chance(0.9);
        // The six-step validation, first failing step.
        const fail: Localized | null =
          income > limit ? L(`family income ₹${indianGrouping(income)} a month is above ₹${indianGrouping(limit)}`, `కుటుంబ ఆదాయం నెలకు ₹${indianGrouping(income)}, పరిమితి ₹${indianGrouping(limit)} దాటింది`)
          : units > 300 ? L(`electricity use ${units} units a month is above 300`, `నెలకు ${units} యూనిట్ల విద్యుత్ వినియోగం, 300 దాటింది`)
          : car ? L('a four-wheeler is registered to the family', 'కుటుంబం పేరిట నాలుగు చక్రాల వాహనం ఉంది')
          : government ? L('a family member is a government employee', 'కుటుంబ సభ్యుల్లో ప్రభుత్వ ఉద్యోగి ఉన్నారు')
          : wetAcres > 3 ? L(`wet land ${wetAcres} acres is above 3 acres`, `మాగాణి భూమి ${wetAcres} ఎకరాలు, 3 ఎకరాలు దాటింది`)
          : null;
        const failed = fail ? L('does not pass the six-step check above', 'పైన చెప్పిన ఆరు అంచెల పరిశీలనలో అర్హత లేదు') : null;
        const rows: Array<{ ok: boolean; name: Localized; why: Localized; more?: Localized }> = [
          { ok: !fail, name: L('Rice card', 'బియ్యం కార్డు'), why: fail ? L(`six-step check: ${fail.en}`, `ఆరు అంచెల పరిశీలన: ${fail.te}`) : NONE },
          { ok: !fail && elder, name: L('NTR Bharosa pension (₹4,000)', 'ఎన్టీఆర్ భరోసా పింఛను (₹4,000)'), why: failed ?? L('no member aged 60 or more, widow or disabled', '60 ఏళ్లు పైబడిన, వితంతు లేదా దివ్యాంగ సభ్యులు లేరు') },
          { ok: !fail && children > 0, name: L('Talliki Vandanam (₹15,000 a schoolchild)', 'తల్లికి వందనం (ఒక్కో విద్యార్థికి ₹15,000)'), why: failed ?? L('no child in Classes 1–12', '1–12 తరగతుల్లో చదివే పిల్లలు లేరు'), more: L(`for ${children} ${children === 1 ? 'child' : 'children'}`, `${children} మంది పిల్లలకు`) },
          { ok: !government && wetAcres > 0, name: L('Annadata Sukhibhava (₹20,000 a year)', 'అన్నదాత సుఖీభవ (ఏడాదికి ₹20,000)'), why: government ? L('a family member is a government employee', 'కుటుంబ సభ్యుల్లో ప్రభుత్వ ఉద్యోగి ఉన్నారు') : L('no farm land in Webland in the family’s name', 'వెబ్‌ల్యాండ్‌లో కుటుంబం పేరిట వ్యవసాయ భూమి లేదు') },
          { ok: !fail && lpg, name: L('Deepam 2.0 (3 free gas cylinders a year)', 'దీపం 2.0 (ఏడాదికి 3 ఉచిత గ్యాస్ సిలిండర్లు)'), why: failed ?? L('no LPG connection in a member’s name', 'సభ్యుల పేరిట గ్యాస్ కనెక్షన్ లేదు') },
          { ok: !government, name: L('NTR Vaidya Seva health card', 'ఎన్టీఆర్ వైద్య సేవ ఆరోగ్య కార్డు'), why: L('government employees are covered by the Employees Health Scheme (EHS)', 'ప్రభుత్వ ఉద్యోగులకు ఉద్యోగుల ఆరోగ్య పథకం (ఈహెచ్ఎస్) వర్తిస్తుంది') },
          { ok: !fail && !ownsHouse, name: L('Free house site / house', 'ఉచిత ఇంటి స్థలం / ఇల్లు'), why: failed ?? L('the family already owns a house', 'కుటుంబానికి ఇప్పటికే సొంత ఇల్లు ఉంది') },
        ];
        const lines = rows.map((r) => (r.ok ? L(`✅ ${r.name.en}${r.more ? `, ${r.more.en}` : ''}`, `✅ ${r.name.te}${r.more ? `, ${r.more.te}` : ''}`) : L(`❌ ${r.name.en}: ${r.why.en}`, `❌ ${r.name.te}: ${r.why.te}`)));
        return { household_id: p.digits(10), eligible_count: rows.filter((r) => r.ok).length, total_count: rows.length, lines: join(lines), checked_on: ddmmyyyy(ctx.today) };
      },
    },
    {
      // annadata_sukhibhava
      path: '/annadata-sukhibhava/status',
      key: 'uid_token',
      pattern: UID_TOKEN,
      hint: UID_HINT,
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const y = Number(ctx.today.slice(0, 4));
        const m = Number(ctx.today.slice(5, 7));
        // Three instalments a year: August, November and February, with PM-KISAN's ₹2,000 each time.
        const [n, fy, paidMonth]: [number, number, string] = m >= 8 && m <= 10 ? [1, y, `${y}-08`] : m >= 11 ? [2, y, `${y}-11`] : m === 1 ? [2, y - 1, `${y - 1}-11`] : [3, y - 1, `${y}-02`];
        const state = n === 3 ? 4000 : 5000;
        const ordinal = [L('1st', '1వ'), L('2nd', '2వ'), L('3rd', '3వ')][n - 1]!;
        const roll = ctx.pick.int(1, 100);
        const status = roll <= 78 ? 'paid' : roll <= 90 ? 'pending' : 'ineligible';
        const reason =
          status === 'pending' ? ctx.pick.one([L('e-KYC not done at the Rythu Seva Kendram', 'రైతు సేవా కేంద్రంలో ఈ-కేవైసీ చేయలేదు'), L('bank account not linked to Aadhaar (NPCI)', 'బ్యాంకు ఖాతా ఆధార్‌తో అనుసంధానం (ఎన్‌పీసీఐ) కాలేదు'), L('name in Webland differs from Aadhaar', 'వెబ్‌ల్యాండ్‌లోని పేరు ఆధార్‌తో సరిపోలడం లేదు')])
          : status === 'ineligible' ? ctx.pick.one([L('a family member pays income tax', 'కుటుంబ సభ్యుడు ఆదాయపు పన్ను చెల్లిస్తున్నారు'), L('a family member is a government employee', 'కుటుంబ సభ్యుల్లో ప్రభుత్వ ఉద్యోగి ఉన్నారు'), L('the land is recorded as non-agricultural', 'భూమి వ్యవసాయేతర భూమిగా నమోదై ఉంది')])
          : NONE;
        return {
          farmer: ctx.pick.person(),
          khata_number: String(ctx.pick.int(1, 2400)),
          land_acres: (ctx.pick.int(25, 480) / 100).toFixed(2),
          year: yearSpan(fy),
          instalment: L(`${ordinal.en} instalment`, `${ordinal.te} విడత`),
          amount: indianGrouping(state + 2000),
          state_share: indianGrouping(state),
          central_share: indianGrouping(2000),
          status,
          paid_on: status === 'paid' ? ddmmyyyy(`${paidMonth}-${String(ctx.pick.int(2, 20)).padStart(2, '0')}`) : '',
          bank_account: `XXXX${ctx.pick.digits(4)}`,
          reason,
        };
      },
    },
    {
      // secretariat_contact
      path: '/offices',
      key: 'location',
      pattern: /^-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?$/,
      hint: 'Share your location with the WhatsApp attachment button',
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const at = parseLatLon(ctx.key);
        if (!at) return null;
        if (!insideAndhra(at.lat, at.lon)) return refusal(422, 'OUTSIDE_AP', 'This location is outside Andhra Pradesh; village and ward secretariats are only in the state');
        const { place, km } = nearest(at.lat, at.lon);
        const home = secretariatAt(place, ctx.pick, place.town === true && km < 5);
        const phone = () => `${ctx.pick.one(['9', '8', '7', '6'])}${ctx.pick.digits(9)}`;
        const roles = home.ward
          ? [L('Ward Administrative Secretary', 'వార్డు పరిపాలనా కార్యదర్శి'), L('Ward Education and Data Processing Secretary', 'వార్డు విద్య, డేటా ప్రాసెసింగ్ కార్యదర్శి'), L('Ward Welfare and Development Secretary', 'వార్డు సంక్షేమ, అభివృద్ధి కార్యదర్శి'), L('Ward Revenue Secretary', 'వార్డు రెవెన్యూ కార్యదర్శి'), L('Ward Health Secretary', 'వార్డు ఆరోగ్య కార్యదర్శి')]
          : [L('Panchayat Secretary', 'పంచాయతీ కార్యదర్శి'), L('Digital Assistant', 'డిజిటల్ అసిస్టెంట్'), L('Welfare and Education Assistant', 'సంక్షేమ, విద్యా సహాయకులు'), L('Village Revenue Officer', 'గ్రామ రెవెన్యూ అధికారి'), L('ANM (health)', 'ఏఎన్ఎం (ఆరోగ్యం)')];
        const lines = roles.map((role) => {
          const who = ctx.pick.person();
          const number = phone();
          return L(`${role.en}: ${who.en}, ${number}`, `${role.te}: ${who.te}, ${number}`);
        });
        const landmark = ctx.pick.one([L('the Gram Panchayat office', 'గ్రామ పంచాయతీ కార్యాలయం'), L('ZP High School', 'జడ్పీ ఉన్నత పాఠశాల'), L('the Rama temple', 'రామాలయం'), L('the overhead water tank', 'ఓవర్‌హెడ్ వాటర్ ట్యాంక్'), L('the Rythu Seva Kendram', 'రైతు సేవా కేంద్రం')]);
        const address = home.ward
          ? L(`Near ${landmark.en}, ${place.name.en}, ${DISTRICTS[place.district]!.en} district`, `${landmark.te} దగ్గర, ${place.name.te}, ${DISTRICTS[place.district]!.te} జిల్లా`)
          : L(`Near ${landmark.en}, ${home.village.en}, ${place.name.en} mandal, ${DISTRICTS[place.district]!.en} district`, `${landmark.te} దగ్గర, ${home.village.te}, ${place.name.te} మండలం, ${DISTRICTS[place.district]!.te} జిల్లా`);
        return {
          secretariat: home.name,
          code: home.code,
          address,
          hours: L('Monday to Saturday, 10:30 am to 5 pm; grievances heard 3 to 5 pm', 'సోమవారం నుంచి శనివారం, ఉ. 10:30 నుంచి సా. 5 వరకు; మ. 3 నుంచి 5 వరకు ఫిర్యాదుల స్వీకరణ'),
          distance_km: (ctx.pick.int(2, 28) / 10).toFixed(1),
          lines: join(lines),
        };
      },
    },
    {
      // certificate_download
      path: '/certificates/:application_number',
      key: 'application_number',
      pattern: APPLICATION,
      hint: 'An application number has capitals, digits and / or -, for example GSWS/INC/2026/000123',
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const place = ctx.pick.one(PLACES);
        const tahsildar = L(`Tahsildar, ${place.name.en} mandal`, `తహసీల్దార్, ${place.name.te} మండలం`);
        const verify = `${ctx.pick.one(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'K', 'M'])}${ctx.pick.digits(11)}`;
        const f = ctx.filed(ctx.key);
        if (f) {
          const done = ['ISSUED', 'APPROVED', 'RESOLVED'].includes(f.status);
          const status = done ? 'issued' : f.status === 'REJECTED' || f.status === 'CLOSED' ? 'rejected' : 'pending';
          return {
            application_number: f.id,
            certificate: CERTIFICATES[f.code] ?? L('Certificate', 'ధృవీకరణ పత్రం'),
            status,
            applied_on: ddmmyyyy(f.filedAt.slice(0, 10)),
            issued_on: done ? ddmmyyyy(ctx.today) : '',
            issued_by: ISSUER[f.code] ?? tahsildar,
            verify_code: done ? verify : '',
            pending_with: status === 'pending' ? L('the office that checks your application', 'మీ దరఖాస్తును పరిశీలిస్తున్న కార్యాలయం వద్ద') : NONE,
            reason: status === 'rejected' ? L('see the note sent to you with the decision', 'నిర్ణయంతో పాటు మీకు పంపిన వివరణ చూడండి') : NONE,
          };
        }
        const code = Object.keys(CERTIFICATES).find((c) => ctx.key.split(/[/-]/).includes(c));
        const kind = code ?? ctx.pick.one(['INC', 'INC', 'ICC', 'RES', 'FMC', 'BRT', 'DTH']);
        const roll = ctx.pick.int(1, 100);
        const status = roll <= 70 ? 'issued' : roll <= 90 ? 'pending' : 'rejected';
        return {
          application_number: ctx.key,
          certificate: CERTIFICATES[kind]!,
          status,
          applied_on: ctx.pick.date(-60, -8),
          issued_on: status === 'issued' ? ctx.pick.date(-7, -1) : '',
          issued_by: ISSUER[kind] ?? tahsildar,
          verify_code: status === 'issued' ? verify : '',
          pending_with: status === 'pending' ? ctx.pick.one(PENDING_AT) : NONE,
          reason: status === 'rejected' ? ctx.pick.one([L('the documents did not match the Aadhaar details', 'పత్రాలు ఆధార్ వివరాలతో సరిపోలలేదు'), L('field verification found a different address', 'క్షేత్ర పరిశీలనలో వేరే చిరునామా తేలింది')]) : NONE,
        };
      },
    },
  ],
  filings: [
    {
      // pension_apply
      path: '/pensions/applications',
      code: 'PEN',
      kind: 'application',
      requires: ['pension_type', 'date_of_birth', 'supporting_document'],
      check(body, ctx): Refusal | null {
        const type = String(body.pension_type ?? '');
        const pension = Object.hasOwn(PENSIONS, type) ? PENSIONS[type]! : undefined;
        if (!pension) return refusal(422, 'INVALID_PENSION_TYPE', 'Please choose the kind of pension from the list');
        const dob = String(body.date_of_birth ?? '');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(dob) || Number.isNaN(Date.parse(`${dob}T00:00:00Z`))) return refusal(422, 'INVALID_DATE_OF_BIRTH', 'Please give the date of birth as on your Aadhaar');
        if (dob > ctx.today) return refusal(422, 'DATE_IN_FUTURE', 'The date of birth cannot be in the future');
        const age = Number(ctx.today.slice(0, 4)) - Number(dob.slice(0, 4)) - (ctx.today.slice(5) < dob.slice(5) ? 1 : 0);
        if (age > 115) return refusal(422, 'INVALID_DATE_OF_BIRTH', 'Please check the date of birth; it is more than 115 years ago');
        if (age < pension.minAge) return refusal(422, 'BELOW_MINIMUM_AGE', `The ${pension.name.en.toLowerCase()} is for people aged ${pension.minAge} or more; by this date of birth the applicant is ${age}`);
        return null;
      },
      steps: [
        { status: 'in_review', note: L('The Welfare and Education Assistant at your secretariat has verified the documents; sent to the MPDO (or Municipal Commissioner) for sanction.', 'మీ సచివాలయంలోని సంక్షేమ, విద్యా సహాయకులు పత్రాలను పరిశీలించారు; మంజూరు కోసం ఎంపీడీఓ (లేదా మున్సిపల్ కమిషనర్)కు పంపారు.') },
        { status: 'approved', note: L('Pension sanctioned by SERP. It will be paid at your doorstep by secretariat staff from the 1st of next month.', 'సెర్ప్ పింఛను మంజూరు చేసింది. వచ్చే నెల 1వ తేదీ నుంచి సచివాలయ సిబ్బంది మీ ఇంటి వద్దే అందజేస్తారు.') },
      ],
    },
    {
      // house_site_apply
      path: '/housing/site-applications',
      code: 'HSA',
      kind: 'application',
      requires: ['owns_house', 'current_address', 'annual_income'],
      check(body): Refusal | null {
        // The platform sends a yes/no answer as true/false; a counter clerk's system may send the words.
        const owns = body.owns_house === true ? 'yes' : body.owns_house === false ? 'no' : String(body.owns_house ?? '').toLowerCase();
        if (owns !== 'yes' && owns !== 'no') return refusal(422, 'INVALID_OWNS_HOUSE', 'Please answer yes or no: does your family own a house?');
        if (owns === 'yes') return refusal(422, 'OWNS_HOUSE', 'A free house site is only for families that do not own a house or house site anywhere in the state');
        const income = Number(body.annual_income);
        if (!Number.isFinite(income) || income < 0) return refusal(422, 'INVALID_INCOME', 'Please give the family’s yearly income in rupees, as a number');
        if (income > 144000) return refusal(422, 'INCOME_ABOVE_LIMIT', `Free house sites are for poor families with an income up to ₹1,44,000 a year (₹12,000 a month); the income given is ₹${indianGrouping(income)}`);
        return null;
      },
      steps: [
        { status: 'in_review', note: L('The VRO has visited and verified your family and address; the list goes to the Tahsildar with the Gram / Ward Sabha’s approval.', 'వీఆర్ఓ క్షేత్ర పరిశీలన చేసి మీ కుటుంబం, చిరునామాను ధృవీకరించారు; గ్రామ / వార్డు సభ ఆమోదంతో జాబితా తహసీల్దార్‌కు చేరింది.') },
        { status: 'approved', note: L('The Tahsildar has allotted you a house site in the layout; collect the patta at your secretariat.', 'తహసీల్దార్ లేఅవుట్‌లో మీకు ఇంటి స్థలం కేటాయించారు; పట్టాను మీ సచివాలయంలో తీసుకోండి.') },
      ],
    },
    {
      // health_card
      path: '/health-cards',
      code: 'HC',
      kind: 'application',
      requires: ['ration_card_number', 'member'],
      check(body): Refusal | null {
        const card = String(body.ration_card_number ?? '').replace(/\s+/g, '');
        if (!/^28\d{8}$/.test(card)) return refusal(422, 'INVALID_RATION_CARD', 'A rice card number has 10 digits and starts with 28, for example 2812345678');
        const member = String(body.member ?? '').trim();
        if (member.length < 2) return refusal(422, 'INVALID_MEMBER', 'Please write the name of the family member as on the rice card');
        return null;
      },
      steps: [
        { status: 'in_review', note: L('The Digital Assistant at your secretariat has matched the member’s e-KYC with the rice card; sent to Dr NTR Vaidya Seva Trust.', 'మీ సచివాలయంలోని డిజిటల్ అసిస్టెంట్ సభ్యుని ఈ-కేవైసీని బియ్యం కార్డుతో సరిపోల్చారు; డా. ఎన్టీఆర్ వైద్య సేవ ట్రస్ట్‌కు పంపారు.') },
        { status: 'issued', note: L('Health card issued by Dr NTR Vaidya Seva Trust: collect it at your secretariat. It gives cashless treatment at network hospitals.', 'డా. ఎన్టీఆర్ వైద్య సేవ ట్రస్ట్ ఆరోగ్య కార్డు జారీ చేసింది: మీ సచివాలయంలో తీసుకోండి. నెట్‌వర్క్ ఆసుపత్రుల్లో నగదు రహిత చికిత్స పొందవచ్చు.') },
      ],
    },
  ],
};
