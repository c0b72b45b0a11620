/**
 * RTGS (Real Time Governance Society, IT, Electronics and Communications),
 * simulated: the state's data hub that fronts other departments' feeds —
 * district project progress, road works, APSDPS weather, AGMARKNET-style
 * mandi prices, ANGRAU crop advisories, APTDC tourism, tax due dates and the
 * national emergency helplines — and takes APSDMA cyclone and flood alert
 * subscriptions. Callers sign requests with the department's HMAC key.
 *
 * Test numbers: any well-formed key is answered; a key ending in 00000 is
 * "no such record" (404); locations outside Andhra Pradesh are refused 422.
 * Test residents (keys ending 99503 / 99429 / 99504, names "Test Down" /
 * "Test Busy" / "Test Slow") are played by the desk runtime.
 */
import { addDays, daysBetween, join } from '../desk/fields';
import { createPicker, ddmmyyyy, indianGrouping, type Picker } from '../desk/picker';
import { DISTRICTS, PLACES, RAYALASEEMA, insideAndhra, locationOf, nearest, parseLatLon, type Place } from '../desk/places';
import { refusal, type DeskSpec, type Localized, type Refusal } from '../desk/spec';

const L = (en: string, te: string): Localized => ({ en, te });

/** The month of today, 1–12. */
const monthOf = (today: string) => Number(today.slice(5, 7));
const dayLabel = (iso: string, lang: 'en' | 'te') => new Intl.DateTimeFormat(lang === 'te' ? 'te-IN' : 'en-IN', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

const CHOICE = /^[A-Z0-9][A-Z0-9_]{1,39}$/;
const PLACE_NAME = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} .'()-]{1,39}$/u;
const LOCATION = /^-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?$/;

// ---------------------------------------------------------------- infrastructure

/** Three mandal towns with market yards, and the river that crosses the district. */
const DISTRICT_TOWNS: Record<string, { towns: [Localized, Localized, Localized]; river: Localized }> = {
  srikakulam: { towns: [L('Srikakulam', 'శ్రీకాకుళం'), L('Palasa', 'పలాస'), L('Amadalavalasa', 'ఆమదాలవలస')], river: L('Vamsadhara', 'వంశధార') },
  parvathipuram_manyam: { towns: [L('Parvathipuram', 'పార్వతీపురం'), L('Salur', 'సాలూరు'), L('Palakonda', 'పాలకొండ')], river: L('Nagavali', 'నాగావళి') },
  vizianagaram: { towns: [L('Vizianagaram', 'విజయనగరం'), L('Bobbili', 'బొబ్బిలి'), L('Gajapathinagaram', 'గజపతినగరం')], river: L('Champavathi', 'చంపావతి') },
  visakhapatnam: { towns: [L('Visakhapatnam', 'విశాఖపట్నం'), L('Pendurthi', 'పెందుర్తి'), L('Bheemunipatnam', 'భీమునిపట్నం')], river: L('Gosthani', 'గోస్తని') },
  alluri_sitharama_raju: { towns: [L('Paderu', 'పాడేరు'), L('Chintapalli', 'చింతపల్లి'), L('Rampachodavaram', 'రంపచోడవరం')], river: L('Sileru', 'సీలేరు') },
  anakapalli: { towns: [L('Anakapalli', 'అనకాపల్లి'), L('Chodavaram', 'చోడవరం'), L('Narsipatnam', 'నర్సీపట్నం')], river: L('Sarada', 'శారద') },
  kakinada: { towns: [L('Kakinada', 'కాకినాడ'), L('Peddapuram', 'పెద్దాపురం'), L('Tuni', 'తుని')], river: L('Yeleru', 'ఏలేరు') },
  east_godavari: { towns: [L('Rajamahendravaram', 'రాజమహేంద్రవరం'), L('Nidadavole', 'నిడదవోలు'), L('Kovvur', 'కొవ్వూరు')], river: L('Godavari', 'గోదావరి') },
  konaseema: { towns: [L('Amalapuram', 'అమలాపురం'), L('Ravulapalem', 'రావులపాలెం'), L('Ramachandrapuram', 'రామచంద్రపురం')], river: L('Vainateya Godavari', 'వైనతేయ గోదావరి') },
  eluru: { towns: [L('Eluru', 'ఏలూరు'), L('Jangareddygudem', 'జంగారెడ్డిగూడెం'), L('Nuzvid', 'నూజివీడు')], river: L('Tammileru', 'తమ్మిలేరు') },
  west_godavari: { towns: [L('Bhimavaram', 'భీమవరం'), L('Tadepalligudem', 'తాడేపల్లిగూడెం'), L('Tanuku', 'తణుకు')], river: L('Upputeru', 'ఉప్పుటేరు') },
  ntr: { towns: [L('Vijayawada', 'విజయవాడ'), L('Nandigama', 'నందిగామ'), L('Tiruvuru', 'తిరువూరు')], river: L('Muneru', 'మునేరు') },
  krishna: { towns: [L('Machilipatnam', 'మచిలీపట్నం'), L('Gudivada', 'గుడివాడ'), L('Avanigadda', 'అవనిగడ్డ')], river: L('Krishna', 'కృష్ణా') },
  palnadu: { towns: [L('Narasaraopet', 'నరసరావుపేట'), L('Chilakaluripet', 'చిలకలూరిపేట'), L('Macherla', 'మాచర్ల')], river: L('Naguleru', 'నాగులేరు') },
  guntur: { towns: [L('Guntur', 'గుంటూరు'), L('Tenali', 'తెనాలి'), L('Ponnur', 'పొన్నూరు')], river: L('Krishna', 'కృష్ణా') },
  bapatla: { towns: [L('Bapatla', 'బాపట్ల'), L('Chirala', 'చీరాల'), L('Repalle', 'రేపల్లె')], river: L('Romperu', 'రొంపేరు') },
  prakasam: { towns: [L('Ongole', 'ఒంగోలు'), L('Markapur', 'మార్కాపురం'), L('Kanigiri', 'కనిగిరి')], river: L('Gundlakamma', 'గుండ్లకమ్మ') },
  nellore: { towns: [L('Nellore', 'నెల్లూరు'), L('Kavali', 'కావలి'), L('Atmakur', 'ఆత్మకూరు')], river: L('Penna', 'పెన్నా') },
  kurnool: { towns: [L('Kurnool', 'కర్నూలు'), L('Adoni', 'ఆదోని'), L('Yemmiganur', 'ఎమ్మిగనూరు')], river: L('Tungabhadra', 'తుంగభద్ర') },
  nandyal: { towns: [L('Nandyal', 'నంద్యాల'), L('Atmakur', 'ఆత్మకూరు'), L('Banaganapalle', 'బనగానపల్లె')], river: L('Kunderu', 'కుందేరు') },
  anantapuramu: { towns: [L('Anantapur', 'అనంతపురం'), L('Guntakal', 'గుంతకల్లు'), L('Tadipatri', 'తాడిపత్రి')], river: L('Penna', 'పెన్నా') },
  sri_sathya_sai: { towns: [L('Hindupur', 'హిందూపురం'), L('Kadiri', 'కదిరి'), L('Dharmavaram', 'ధర్మవరం')], river: L('Chitravathi', 'చిత్రావతి') },
  ysr_kadapa: { towns: [L('Kadapa', 'కడప'), L('Proddatur', 'ప్రొద్దుటూరు'), L('Pulivendula', 'పులివెందుల')], river: L('Penna', 'పెన్నా') },
  annamayya: { towns: [L('Madanapalle', 'మదనపల్లె'), L('Rayachoti', 'రాయచోటి'), L('Rajampet', 'రాజంపేట')], river: L('Cheyyeru', 'చెయ్యేరు') },
  tirupati: { towns: [L('Tirupati', 'తిరుపతి'), L('Srikalahasti', 'శ్రీకాళహస్తి'), L('Naidupeta', 'నాయుడుపేట')], river: L('Swarnamukhi', 'స్వర్ణముఖి') },
  chittoor: { towns: [L('Chittoor', 'చిత్తూరు'), L('Palamaner', 'పలమనేరు'), L('Punganur', 'పుంగనూరు')], river: L('Ponnai', 'పొన్నై') },
};

/** The district's flagship works, where it has one: name, executing agency, sanctioned cost in ₹ crore. */
const FLAGSHIPS: Record<string, { name: Localized; agency: Localized; crore: number }> = {
  srikakulam: { name: L('Mulapeta greenfield port, Santhabommali', 'మూలపేట గ్రీన్‌ఫీల్డ్ పోర్టు, సంతబొమ్మాళి'), agency: L('AP Maritime Board', 'ఏపీ మారిటైమ్ బోర్డు'), crore: 4362 },
  vizianagaram: { name: L('Bhogapuram international airport: approach roads', 'భోగాపురం అంతర్జాతీయ విమానాశ్రయం: అనుసంధాన రహదారులు'), agency: L('R&B and APADCL', 'ఆర్ అండ్ బీ, ఏపీఏడీసీఎల్'), crore: 4592 },
  visakhapatnam: { name: L('Visakhapatnam metro rail, phase 1', 'విశాఖపట్నం మెట్రో రైలు, మొదటి దశ'), agency: L('AP Metro Rail Corporation', 'ఏపీ మెట్రో రైల్ కార్పొరేషన్'), crore: 11498 },
  eluru: { name: L('Polavaram project: earth-cum-rock-fill dam', 'పోలవరం ప్రాజెక్టు: ఎర్త్ కమ్ రాక్ ఫిల్ డ్యామ్'), agency: L('Water Resources Department', 'జలవనరుల శాఖ'), crore: 30437 },
  guntur: { name: L('Amaravati capital: trunk roads and government complex', 'అమరావతి రాజధాని: ప్రధాన రహదారులు, ప్రభుత్వ సముదాయం'), agency: L('APCRDA', 'ఏపీసీఆర్డీఏ'), crore: 15000 },
  krishna: { name: L('Machilipatnam port, phase 1', 'మచిలీపట్నం పోర్టు, మొదటి దశ'), agency: L('AP Maritime Board', 'ఏపీ మారిటైమ్ బోర్డు'), crore: 5156 },
  nellore: { name: L('Ramayapatnam port, phase 1', 'రామాయపట్నం పోర్టు, మొదటి దశ'), agency: L('AP Maritime Board', 'ఏపీ మారిటైమ్ బోర్డు'), crore: 3736 },
  kurnool: { name: L('Orvakal industrial node: roads, water and power', 'ఓర్వకల్లు పారిశ్రామిక నోడ్: రహదారులు, నీరు, విద్యుత్'), agency: L('APIIC', 'ఏపీఐఐసీ'), crore: 2786 },
  ysr_kadapa: { name: L('Kopparthy industrial node: internal roads', 'కొప్పర్తి పారిశ్రామిక నోడ్: అంతర్గత రహదారులు'), agency: L('APIIC', 'ఏపీఐఐసీ'), crore: 2137 },
};

type Made = (towns: [Localized, Localized, Localized], river: Localized, pick: Picker) => { name: Localized; agency: Localized; crore: number };
const WORKS: Made[] = [
  ([a, b], _r, pick) => {
    const km = pick.int(18, 46);
    return { name: L(`${a.en}–${b.en} road, widening to four lanes (${km} km)`, `${a.te}–${b.te} రహదారి నాలుగు వరుసలుగా విస్తరణ (${km} కి.మీ.)`), agency: L('Roads and Buildings', 'రహదారులు, భవనాల శాఖ'), crore: km * pick.int(6, 11) };
  },
  ([, , c], river, pick) => ({ name: L(`High-level bridge across the ${river.en} near ${c.en}`, `${c.te} వద్ద ${river.te} నదిపై హై లెవెల్ వంతెన`), agency: L('Roads and Buildings', 'రహదారులు, భవనాల శాఖ'), crore: pick.int(28, 96) }),
  ([, b], _r, pick) => ({ name: L(`Jal Jeevan Mission drinking water scheme, ${b.en} mandal villages`, `${b.te} మండల గ్రామాలకు జల్ జీవన్ మిషన్ తాగునీటి పథకం`), agency: L('Rural Water Supply', 'గ్రామీణ నీటి సరఫరా శాఖ'), crore: pick.int(42, 180) }),
  ([, , c], _r, pick) => ({ name: L(`100-bed area hospital building, ${c.en}`, `${c.te} లో 100 పడకల ఏరియా ఆసుపత్రి భవనం`), agency: L('APMSIDC', 'ఏపీఎంఎస్ఐడీసీ'), crore: pick.int(32, 58) }),
  ([a], _r, pick) => {
    const km = pick.int(24, 70);
    return { name: L(`Rural roads in ${a.en} division under PMGSY (${km} km)`, `${a.te} డివిజన్‌లో పీఎంజీఎస్‌వై గ్రామీణ రహదారులు (${km} కి.మీ.)`), agency: L('Panchayat Raj Engineering', 'పంచాయతీరాజ్ ఇంజనీరింగ్ శాఖ'), crore: Math.round(km * 0.9) };
  },
  ([, b], _r, pick) => ({ name: L(`Railway over-bridge at ${b.en}`, `${b.te} వద్ద రైల్వే ఓవర్ బ్రిడ్జి`), agency: L('R&B with South Coast Railway', 'ఆర్ అండ్ బీ, దక్షిణ కోస్తా రైల్వే'), crore: pick.int(45, 120) }),
];

function projectLine(n: number, p: { name: Localized; agency: Localized; crore: number }, pct: number, due: string): Localized {
  return L(`${n}. ${p.name.en}: ${pct}% done, due ${due} (${p.agency.en}, ₹${indianGrouping(p.crore)} crore)`, `${n}. ${p.name.te}: ${pct}% పూర్తి, గడువు ${due} (${p.agency.te}, ₹${indianGrouping(p.crore)} కోట్లు)`);
}

// ---------------------------------------------------------------- roads

const HIGHWAYS: Localized[] = [
  L('NH-16 (Chennai–Kolkata)', 'జాతీయ రహదారి 16 (చెన్నై–కోల్‌కతా)'),
  L('NH-65 (Machilipatnam–Pune)', 'జాతీయ రహదారి 65 (మచిలీపట్నం–పుణె)'),
  L('NH-44 (Hyderabad–Bengaluru)', 'జాతీయ రహదారి 44 (హైదరాబాద్–బెంగళూరు)'),
  L('NH-40 (Kurnool–Kadapa–Chittoor)', 'జాతీయ రహదారి 40 (కర్నూలు–కడప–చిత్తూరు)'),
  L('NH-216 (coastal highway)', 'జాతీయ రహదారి 216 (కోస్తా రహదారి)'),
  L('NH-565 (Nakrekal–Erpedu)', 'జాతీయ రహదారి 565 (నకిరేకల్–ఏర్పేడు)'),
  L('the state highway', 'రాష్ట్ర రహదారి'),
  L('the district road', 'జిల్లా రహదారి'),
];

// ---------------------------------------------------------------- weather

function weather(place: Place, today: string, pick: Picker) {
  const month = monthOf(today);
  const rayalaseema = RAYALASEEMA.has(place.district);
  let max: number, min: number, rain: number;
  if (month >= 3 && month <= 5) {
    max = pick.int(rayalaseema ? 37 : 35, rayalaseema ? 44 : 42);
    min = pick.int(25, 30);
    rain = pick.int(0, 25);
  } else if (month >= 6 && month <= 9) {
    max = pick.int(30, month === 6 ? 38 : 34);
    min = pick.int(23, 27);
    rain = pick.int(35, 90);
  } else if (month >= 10 && month <= 11) {
    max = pick.int(29, 33);
    min = pick.int(20, 24);
    rain = pick.int(place.coastal ? 40 : 20, place.coastal ? 90 : 70);
  } else {
    max = pick.int(27, 31);
    min = pick.int(15, 21);
    rain = pick.int(0, 15);
  }
  if (place.hills) {
    max -= 5;
    min -= month === 12 || month <= 2 ? 9 : 4;
  }
  if (place.coastal && max > 38) max -= 2;
  return { max, min, rain, humidity: place.coastal ? pick.int(65, 88) : pick.int(35, 75), wind: pick.int(6, place.coastal ? 28 : 18) };
}

const CONDITION = (rain: number, max: number): Localized =>
  rain >= 70 ? L('Heavy rain likely', 'భారీ వర్షం కురిసే అవకాశం') : rain >= 40 ? L('Scattered showers', 'అక్కడక్కడ జల్లులు') : rain >= 20 ? L('Partly cloudy', 'పాక్షికంగా మేఘావృతం') : max >= 40 ? L('Hot and dry', 'తీవ్రమైన ఎండ, పొడి వాతావరణం') : L('Clear sky', 'నిర్మలమైన ఆకాశం');

// ---------------------------------------------------------------- markets

/** Modal prices at AP market yards, ₹ a quintal (low, high) as they have run lately; the MSP where there is one. */
const CROPS: Record<string, { name: Localized; lo: number; hi: number; msp?: number; arrivals: [number, number]; only?: string[] }> = {
  paddy: { name: L('Paddy (common)', 'వరి (సాధారణ రకం)'), lo: 2050, hi: 2450, msp: 2369, arrivals: [400, 3500] },
  maize: { name: L('Maize', 'మొక్కజొన్న'), lo: 1950, hi: 2450, msp: 2400, arrivals: [200, 2500] },
  jowar: { name: L('Jowar', 'జొన్న'), lo: 2600, hi: 3600, msp: 3699, arrivals: [50, 600] },
  bajra: { name: L('Bajra', 'సజ్జ'), lo: 2200, hi: 2800, msp: 2775, arrivals: [30, 400] },
  ragi: { name: L('Ragi', 'రాగి'), lo: 3200, hi: 4300, msp: 4886, arrivals: [20, 250] },
  red_gram: { name: L('Red gram', 'కంది'), lo: 6400, hi: 7900, msp: 8000, arrivals: [50, 700] },
  bengal_gram: { name: L('Bengal gram', 'శనగ'), lo: 5300, hi: 6200, msp: 5875, arrivals: [100, 1500] },
  black_gram: { name: L('Black gram', 'మినుము'), lo: 6600, hi: 7800, msp: 7800, arrivals: [40, 600] },
  green_gram: { name: L('Green gram', 'పెసర'), lo: 7000, hi: 8600, msp: 8768, arrivals: [30, 500] },
  groundnut: { name: L('Groundnut (pods)', 'వేరుశనగ (కాయలు)'), lo: 5400, hi: 6900, msp: 7263, arrivals: [100, 2000] },
  sesame: { name: L('Sesame', 'నువ్వులు'), lo: 9000, hi: 12500, msp: 9846, arrivals: [10, 200] },
  sunflower: { name: L('Sunflower seed', 'పొద్దుతిరుగుడు గింజలు'), lo: 5500, hi: 7000, msp: 7721, arrivals: [20, 300] },
  castor: { name: L('Castor seed', 'ఆముదం గింజలు'), lo: 5800, hi: 6600, arrivals: [30, 500] },
  cotton: { name: L('Cotton (kapas)', 'పత్తి (కపాస్)'), lo: 6700, hi: 7600, msp: 7710, arrivals: [100, 3000] },
  chilli: { name: L('Dry chilli (Teja)', 'ఎండు మిర్చి (తేజ)'), lo: 11000, hi: 17500, arrivals: [500, 9000] },
  turmeric: { name: L('Turmeric (finger)', 'పసుపు (కొమ్ము)'), lo: 11500, hi: 15500, arrivals: [50, 1200] },
  tobacco: { name: L('FCV tobacco (bright grade)', 'ఎఫ్‌సీవీ పొగాకు (బ్రైట్ గ్రేడ్)'), lo: 22000, hi: 32000, arrivals: [200, 2500], only: ['prakasam', 'nellore', 'eluru', 'east_godavari', 'west_godavari', 'guntur', 'bapatla'] },
  sugarcane: { name: L('Sugarcane (at the mill)', 'చెరకు (మిల్లు వద్ద)'), lo: 330, hi: 360, arrivals: [2000, 9000] },
  onion: { name: L('Onion', 'ఉల్లి'), lo: 1100, hi: 2800, arrivals: [300, 6000] },
  tomato: { name: L('Tomato', 'టమాటా'), lo: 600, hi: 2600, arrivals: [300, 8000] },
  potato: { name: L('Potato', 'బంగాళదుంప'), lo: 1500, hi: 2500, arrivals: [100, 1500] },
  brinjal: { name: L('Brinjal', 'వంకాయ'), lo: 1200, hi: 3200, arrivals: [50, 700] },
  okra: { name: L('Okra (bhindi)', 'బెండకాయ'), lo: 1800, hi: 3800, arrivals: [40, 500] },
  banana: { name: L('Banana (Tella Chakkerakeli)', 'అరటి (తెల్ల చక్కెరకేళి)'), lo: 1400, hi: 2800, arrivals: [100, 1500] },
  mango: { name: L('Mango (Banganapalli)', 'మామిడి (బంగినపల్లి)'), lo: 3500, hi: 8000, arrivals: [50, 3000] },
  papaya: { name: L('Papaya', 'బొప్పాయి'), lo: 900, hi: 2000, arrivals: [50, 800] },
  sweet_orange: { name: L('Sweet orange (Sathgudi)', 'బత్తాయి (సాత్గుడి)'), lo: 2500, hi: 5000, arrivals: [100, 2000] },
  acid_lime: { name: L('Lemon (acid lime)', 'నిమ్మకాయలు'), lo: 2000, hi: 6500, arrivals: [50, 1200] },
  coconut: { name: L('Coconut (copra)', 'కొబ్బరి (కొప్పెర)'), lo: 11000, hi: 14500, arrivals: [30, 400] },
  oil_palm: { name: L('Oil palm fresh fruit bunches', 'ఆయిల్ పామ్ గెలలు'), lo: 1700, hi: 2050, arrivals: [500, 5000] },
  cashew: { name: L('Raw cashew nut', 'జీడిపిక్కలు'), lo: 11000, hi: 14500, arrivals: [20, 600] },
  coffee: { name: L('Coffee (Arabica parchment)', 'కాఫీ (అరబికా పార్చ్‌మెంట్)'), lo: 26000, hi: 36000, arrivals: [10, 150], only: ['alluri_sitharama_raju'] },
};

// ---------------------------------------------------------------- crop advisory

type SeasonId = 'kharif' | 'rabi' | 'summer';
interface Advice {
  /** What to do in each season the crop is grown or tended; a season missing is not one for the crop in AP. */
  seasons: Partial<Record<SeasonId, Localized>>;
  varieties: Localized;
  fertiliser: Localized;
  pest: Localized;
}
const A = (seasons: Advice['seasons'], varieties: Localized, fertiliser: Localized, pest: Localized): Advice => ({ seasons, varieties, fertiliser, pest });
const ADVICE: Record<string, Advice> = {
  paddy: A(
    { kharif: L('Raise the nursery 15 June–31 July and transplant 25–30 day old seedlings.', 'జూన్ 15–జులై 31 మధ్య నారుమడి పోసి, 25–30 రోజుల నారును నాటండి.'), rabi: L('Raise the nursery 15 November–31 December; use short-duration varieties.', 'నవంబర్ 15–డిసెంబర్ 31 మధ్య నారుమడి పోయండి; స్వల్పకాలిక రకాలు వాడండి.') },
    L('MTU 7029 (Swarna), BPT 5204 (Samba Mahsuri), MTU 1061, NLR 34449', 'ఎంటీయూ 7029 (స్వర్ణ), బీపీటీ 5204 (సాంబ మసూరి), ఎంటీయూ 1061, ఎన్ఎల్ఆర్ 34449'),
    L('Per acre: DAP 50 kg and MOP 25 kg at planting; urea 35 kg at tillering and again at panicle initiation.', 'ఎకరాకు: నాటేటప్పుడు డీఏపీ 50 కిలోలు, ఎంఓపీ 25 కిలోలు; పిలకల దశలో, అంకురం దశలో యూరియా 35 కిలోల చొప్పున.'),
    L('Brown plant hopper and blast: leave 20 cm alleys every 2 m; for blast spray tricyclazole 0.6 g a litre.', 'దోమ పోటు, అగ్గి తెగులు: ప్రతి 2 మీటర్లకు 20 సెం.మీ. కాలిబాటలు వదలండి; అగ్గి తెగులుకు ట్రైసైక్లాజోల్ లీటరుకు 0.6 గ్రా. పిచికారీ చేయండి.'),
  ),
  maize: A(
    { kharif: L('Sow 15 June–15 July on ridges, 60 × 20 cm.', 'జూన్ 15–జులై 15 మధ్య బోదెలపై 60 × 20 సెం.మీ. దూరంలో విత్తండి.'), rabi: L('Sow 15 October–15 November; this is the main maize season in AP.', 'అక్టోబర్ 15–నవంబర్ 15 మధ్య విత్తండి; రాష్ట్రంలో మొక్కజొన్నకు ఇదే ప్రధాన కాలం.'), summer: L('Sow in January–February only where there is assured water.', 'నీటి వసతి ఖచ్చితంగా ఉంటేనే జనవరి–ఫిబ్రవరిలో విత్తండి.') },
    L('DHM 117, DHM 121 and approved private hybrids', 'డీహెచ్ఎం 117, డీహెచ్ఎం 121, అనుమతి పొందిన ప్రైవేట్ హైబ్రిడ్లు'),
    L('Per acre: DAP 50 kg and MOP 30 kg at sowing; urea 40 kg each at knee-high stage and at tasselling.', 'ఎకరాకు: విత్తేటప్పుడు డీఏపీ 50 కిలోలు, ఎంఓపీ 30 కిలోలు; మోకాలి ఎత్తు దశలో, పూత దశలో యూరియా 40 కిలోల చొప్పున.'),
    L('Fall armyworm: spray emamectin benzoate 0.4 g a litre into the whorls.', 'కత్తెర పురుగు: ఎమామెక్టిన్ బెంజోయేట్ లీటరుకు 0.4 గ్రా. సుడుల్లో పడేలా పిచికారీ చేయండి.'),
  ),
  jowar: A(
    { kharif: L('Sow with the first good rains, 15 June–15 July.', 'తొలకరి వర్షాలు పడగానే జూన్ 15–జులై 15 మధ్య విత్తండి.'), rabi: L('Sow 15 September–15 October on black soils that hold moisture.', 'తేమ నిలిచే నల్లరేగడి నేలల్లో సెప్టెంబర్ 15–అక్టోబర్ 15 మధ్య విత్తండి.') },
    L('CSH 16, NTJ 5 (Nandyal), CSV 29R for rabi', 'సీఎస్‌హెచ్ 16, ఎన్టీజే 5 (నంద్యాల), రబీకి సీఎస్‌వీ 29ఆర్'),
    L('Per acre: DAP 40 kg at sowing and urea 30 kg at 30 days.', 'ఎకరాకు: విత్తేటప్పుడు డీఏపీ 40 కిలోలు, 30 రోజులకు యూరియా 30 కిలోలు.'),
    L('Shoot fly: treat seed with thiamethoxam 3 g a kg and sow early.', 'మొవ్వ ఈగ: కిలో విత్తనానికి థయామిథాక్సామ్ 3 గ్రా. పట్టించి, ముందుగా విత్తండి.'),
  ),
  bajra: A(
    { kharif: L('Sow 15 June–15 July in light soils.', 'తేలిక నేలల్లో జూన్ 15–జులై 15 మధ్య విత్తండి.'), summer: L('Sow in January–February with 4–5 irrigations.', 'జనవరి–ఫిబ్రవరిలో విత్తి 4–5 తడులు ఇవ్వండి.') },
    L('ICMH 356, ABV 04, Pratap', 'ఐసీఎంహెచ్ 356, ఏబీవీ 04, ప్రతాప్'),
    L('Per acre: DAP 30 kg at sowing and urea 25 kg at 25 days.', 'ఎకరాకు: విత్తేటప్పుడు డీఏపీ 30 కిలోలు, 25 రోజులకు యూరియా 25 కిలోలు.'),
    L('Downy mildew: treat seed with metalaxyl 6 g a kg; pull out diseased plants.', 'వెర్రి కంకి తెగులు: కిలో విత్తనానికి మెటలాక్సిల్ 6 గ్రా. పట్టించండి; తెగులు సోకిన మొక్కలను పీకేయండి.'),
  ),
  ragi: A(
    { kharif: L('Raise the nursery in July and transplant in August.', 'జులైలో నారు పోసి, ఆగస్టులో నాటండి.'), rabi: L('Sow or transplant in October–November under irrigation.', 'నీటి వసతితో అక్టోబర్–నవంబర్‌లో విత్తండి లేదా నాటండి.') },
    L('Vakula (PPR 2350), Hima, Srichaitanya (VR 847)', 'వకుళ (పీపీఆర్ 2350), హిమ, శ్రీచైతన్య (వీఆర్ 847)'),
    L('Per acre: DAP 25 kg at planting and urea 20 kg at 30 days.', 'ఎకరాకు: నాటేటప్పుడు డీఏపీ 25 కిలోలు, 30 రోజులకు యూరియా 20 కిలోలు.'),
    L('Blast: spray tricyclazole 0.6 g a litre at ear emergence.', 'అగ్గి తెగులు: వెన్ను వచ్చే దశలో ట్రైసైక్లాజోల్ లీటరుకు 0.6 గ్రా. పిచికారీ చేయండి.'),
  ),
  red_gram: A(
    { kharif: L('Sow 15 June–15 July; intercrop 1 row of red gram with 7 rows of groundnut.', 'జూన్ 15–జులై 15 మధ్య విత్తండి; 7 వరుసల వేరుశనగకు 1 వరుస కంది అంతరపంటగా వేయండి.') },
    L('LRG 52, LRG 41, ICPL 87119 (Asha)', 'ఎల్ఆర్‌జీ 52, ఎల్ఆర్‌జీ 41, ఐసీపీఎల్ 87119 (ఆశ)'),
    L('Per acre: DAP 50 kg at sowing; no top dressing of urea is needed.', 'ఎకరాకు: విత్తేటప్పుడు డీఏపీ 50 కిలోలు; పైపాటుగా యూరియా అవసరం లేదు.'),
    L('Maruca pod borer at flowering: spray chlorantraniliprole 0.3 ml a litre.', 'పూత దశలో మారుకా మచ్చల పురుగు: క్లోరాంట్రానిలిప్రోల్ లీటరుకు 0.3 మి.లీ. పిచికారీ చేయండి.'),
  ),
  bengal_gram: A(
    { rabi: L('Sow 15 October–15 November on black soils with residual moisture.', 'నిల్వ తేమ ఉన్న నల్లరేగడి నేలల్లో అక్టోబర్ 15–నవంబర్ 15 మధ్య విత్తండి.') },
    L('JG 11, NBeG 47, NBeG 3 (Nandyal)', 'జేజీ 11, ఎన్‌బీఈజీ 47, ఎన్‌బీఈజీ 3 (నంద్యాల)'),
    L('Per acre: DAP 50 kg at sowing; a 2% urea spray at flowering.', 'ఎకరాకు: విత్తేటప్పుడు డీఏపీ 50 కిలోలు; పూత దశలో 2% యూరియా పిచికారీ.'),
    L('Helicoverpa pod borer: set up bird perches and 4 pheromone traps an acre.', 'శనగపచ్చ పురుగు: ఎకరాకు పక్షి స్థావరాలు, 4 లింగాకర్షక బుట్టలు ఏర్పాటు చేయండి.'),
  ),
  black_gram: A(
    { kharif: L('Sow 15 June–15 July.', 'జూన్ 15–జులై 15 మధ్య విత్తండి.'), rabi: L('Broadcast in standing rice 3–5 days before harvest (rice fallow), in November–December.', 'నవంబర్–డిసెంబర్‌లో వరి కోతకు 3–5 రోజుల ముందు పొలంలో వెదజల్లండి (వరి మాగాణి).'), summer: L('Sow in February–March with 3–4 irrigations.', 'ఫిబ్రవరి–మార్చిలో విత్తి 3–4 తడులు ఇవ్వండి.') },
    L('LBG 752, PU 31, TBG 104', 'ఎల్‌బీజీ 752, పీయూ 31, టీబీజీ 104'),
    L('Per acre: DAP 40 kg at sowing.', 'ఎకరాకు: విత్తేటప్పుడు డీఏపీ 40 కిలోలు.'),
    L('Yellow mosaic (spread by whitefly): pull out yellow plants; spray acetamiprid 0.2 g a litre.', 'పల్లాకు తెగులు (తెల్ల దోమ ద్వారా): పసుపు మొక్కలను పీకేయండి; ఎసిటామిప్రిడ్ లీటరుకు 0.2 గ్రా. పిచికారీ చేయండి.'),
  ),
  green_gram: A(
    { kharif: L('Sow 15 June–15 July.', 'జూన్ 15–జులై 15 మధ్య విత్తండి.'), rabi: L('Sow as a rice-fallow crop in November–December.', 'నవంబర్–డిసెంబర్‌లో వరి మాగాణి పంటగా విత్తండి.'), summer: L('Sow in February–March with 3–4 irrigations.', 'ఫిబ్రవరి–మార్చిలో విత్తి 3–4 తడులు ఇవ్వండి.') },
    L('LGG 460, WGG 42, IPM 2-14', 'ఎల్‌జీజీ 460, డబ్ల్యూజీజీ 42, ఐపీఎం 2-14'),
    L('Per acre: DAP 40 kg at sowing.', 'ఎకరాకు: విత్తేటప్పుడు డీఏపీ 40 కిలోలు.'),
    L('Yellow mosaic and whitefly: yellow sticky traps, 10 an acre; pull out diseased plants.', 'పల్లాకు తెగులు, తెల్ల దోమ: ఎకరాకు 10 పసుపు జిగురు అట్టలు; తెగులు మొక్కలను పీకేయండి.'),
  ),
  groundnut: A(
    { kharif: L('Sow rainfed groundnut 15 June–31 July after 30 mm rain.', '30 మి.మీ. వర్షం పడ్డాక జూన్ 15–జులై 31 మధ్య వర్షాధార వేరుశనగ విత్తండి.'), rabi: L('Sow irrigated groundnut 15 November–15 December.', 'నవంబర్ 15–డిసెంబర్ 15 మధ్య నీటి వసతితో విత్తండి.'), summer: L('Sow in January; give the last irrigation 10 days before harvest.', 'జనవరిలో విత్తండి; కోతకు 10 రోజుల ముందు చివరి తడి ఇవ్వండి.') },
    L('Kadiri 6, Kadiri Lepakshi (K 1812), Dharani, TAG 24', 'కదిరి 6, కదిరి లేపాక్షి (కే 1812), ధరణి, టీఏజీ 24'),
    L('Per acre: SSP 100 kg and MOP 20 kg at sowing; gypsum 200 kg at flowering.', 'ఎకరాకు: విత్తేటప్పుడు సింగిల్ సూపర్ ఫాస్ఫేట్ 100 కిలోలు, ఎంఓపీ 20 కిలోలు; పూత దశలో జిప్సం 200 కిలోలు.'),
    L('Leaf miner and Spodoptera: pheromone traps; spray chlorpyriphos 2.5 ml a litre if damage passes 10%.', 'ఆకుముడత, పొగాకు లద్దె పురుగు: లింగాకర్షక బుట్టలు; నష్టం 10% దాటితే క్లోరిపైరిఫాస్ లీటరుకు 2.5 మి.లీ. పిచికారీ.'),
  ),
  sesame: A(
    { kharif: L('Sow early, in June, on well-drained soils.', 'నీరు నిలవని నేలల్లో జూన్‌లో ముందుగా విత్తండి.'), summer: L('Sow after rice, 15 January–15 February.', 'వరి తర్వాత జనవరి 15–ఫిబ్రవరి 15 మధ్య విత్తండి.') },
    L('YLM 66, YLM 146 (Gowri), Swetha Til', 'వైఎల్ఎం 66, వైఎల్ఎం 146 (గౌరి), శ్వేత తిల్'),
    L('Per acre: DAP 25 kg at sowing and urea 15 kg at 30 days.', 'ఎకరాకు: విత్తేటప్పుడు డీఏపీ 25 కిలోలు, 30 రోజులకు యూరియా 15 కిలోలు.'),
    L('Leaf webber and phyllody: remove affected plants; spray profenophos 2 ml a litre.', 'ఆకుచుట్టు పురుగు, వెర్రి తెగులు: తెగులు మొక్కలను తీసేయండి; ప్రొఫెనోఫాస్ లీటరుకు 2 మి.లీ. పిచికారీ.'),
  ),
  sunflower: A(
    { kharif: L('Sow in July.', 'జులైలో విత్తండి.'), rabi: L('Sow 15 October–15 November; the best season in AP.', 'అక్టోబర్ 15–నవంబర్ 15 మధ్య విత్తండి; రాష్ట్రంలో ఇదే అనువైన కాలం.'), summer: L('Sow in January with assured water.', 'నీటి వసతితో జనవరిలో విత్తండి.') },
    L('KBSH 44, NDSH 1012, DRSH 1', 'కేబీఎస్‌హెచ్ 44, ఎన్‌డీఎస్‌హెచ్ 1012, డీఆర్‌ఎస్‌హెచ్ 1'),
    L('Per acre: DAP 50 kg, MOP 20 kg at sowing; urea 25 kg at 30 days; borax 2 g a litre at ray floret.', 'ఎకరాకు: విత్తేటప్పుడు డీఏపీ 50, ఎంఓపీ 20 కిలోలు; 30 రోజులకు యూరియా 25 కిలోలు; పువ్వు దశలో బోరాక్స్ లీటరుకు 2 గ్రా.'),
    L('Alternaria leaf spot: spray mancozeb 2.5 g a litre; hand pollinate in the morning.', 'ఆకుమచ్చ తెగులు: మాంకోజెబ్ లీటరుకు 2.5 గ్రా. పిచికారీ; ఉదయం చేతితో పరాగ సంపర్కం చేయండి.'),
  ),
  castor: A(
    { kharif: L('Sow rainfed castor 15 July–15 August.', 'జులై 15–ఆగస్టు 15 మధ్య వర్షాధార ఆముదం విత్తండి.') },
    L('PCH 111, Jwala (48-1), DCH 519', 'పీసీహెచ్ 111, జ్వాల (48-1), డీసీహెచ్ 519'),
    L('Per acre: DAP 40 kg at sowing and urea 25 kg at 35 days.', 'ఎకరాకు: విత్తేటప్పుడు డీఏపీ 40 కిలోలు, 35 రోజులకు యూరియా 25 కిలోలు.'),
    L('Semilooper and grey mould: spray after rain with carbendazim 1 g a litre.', 'దాసరి పురుగు, బూజు తెగులు: వర్షం తర్వాత కార్బెండజిమ్ లీటరుకు 1 గ్రా. పిచికారీ చేయండి.'),
  ),
  cotton: A(
    { kharif: L('Sow Bt cotton 15 June–15 July after 60 mm rain; plant refuge rows around it.', '60 మి.మీ. వర్షం పడ్డాక జూన్ 15–జులై 15 మధ్య బీటీ పత్తి విత్తండి; చుట్టూ రెఫ్యూజ్ వరుసలు వేయండి.') },
    L('Bt hybrids approved for AP (buy with a bill from a licensed dealer)', 'రాష్ట్రంలో అనుమతి ఉన్న బీటీ హైబ్రిడ్లు (లైసెన్సు డీలర్ వద్ద బిల్లుతో కొనండి)'),
    L('Per acre: DAP 50 kg and MOP 25 kg at sowing; urea 30 kg at 30, 60 and 90 days.', 'ఎకరాకు: విత్తేటప్పుడు డీఏపీ 50, ఎంఓపీ 25 కిలోలు; 30, 60, 90 రోజులకు యూరియా 30 కిలోల చొప్పున.'),
    L('Pink bollworm: 4 pheromone traps an acre; spray profenophos 2 ml a litre if 8 moths a trap for 3 nights.', 'గులాబీ రంగు పురుగు: ఎకరాకు 4 లింగాకర్షక బుట్టలు; 3 రాత్రులు బుట్టకు 8 రెక్కల పురుగులు పడితే ప్రొఫెనోఫాస్ లీటరుకు 2 మి.లీ.'),
  ),
  chilli: A(
    { kharif: L('Raise nursery in July; transplant 40 day old seedlings in August–September.', 'జులైలో నారు పోసి, 40 రోజుల నారును ఆగస్టు–సెప్టెంబర్‌లో నాటండి.'), rabi: L('Transplant by mid-October on black soils; keep the crop free of weeds.', 'నల్లరేగడి నేలల్లో అక్టోబర్ మధ్యకల్లా నాటండి; కలుపు లేకుండా చూడండి.') },
    L('LCA 334 (Guntur Sannam), LCA 625, approved Teja hybrids', 'ఎల్‌సీఏ 334 (గుంటూరు సన్నం), ఎల్‌సీఏ 625, అనుమతి ఉన్న తేజ హైబ్రిడ్లు'),
    L('Per acre: DAP 50 kg and MOP 40 kg at planting; urea 30 kg every 30 days, four times.', 'ఎకరాకు: నాటేటప్పుడు డీఏపీ 50, ఎంఓపీ 40 కిలోలు; ప్రతి 30 రోజులకు యూరియా 30 కిలోల చొప్పున నాలుగు సార్లు.'),
    L('Black thrips: blue sticky traps, 20 an acre; spray spinetoram 0.9 ml a litre.', 'నల్ల తామర పురుగు: ఎకరాకు 20 నీలి జిగురు అట్టలు; స్పైనటోరమ్ లీటరుకు 0.9 మి.లీ. పిచికారీ.'),
  ),
  turmeric: A(
    { kharif: L('Plant seed rhizomes 15 May–15 June on raised beds.', 'మే 15–జూన్ 15 మధ్య ఎత్తు మడులపై విత్తన కొమ్ములు నాటండి.'), rabi: L('Stop irrigation a month before harvest; dig from January when the leaves dry.', 'కోతకు నెల ముందు నీరు ఆపండి; ఆకులు ఎండాక జనవరి నుంచి తవ్వండి.'), summer: L('Boil, dry and polish the harvest; keep seed rhizomes in pits under shade.', 'పంటను ఉడికించి, ఎండబెట్టి, పాలిష్ చేయండి; విత్తన కొమ్ములను నీడలో గుంతల్లో నిల్వ చేయండి.') },
    L('Duggirala, Mydukur, Prathibha, Salem', 'దుగ్గిరాల, మైదుకూరు, ప్రతిభ, సేలం'),
    L('Per acre: FYM 10 tonnes; DAP 60 kg at planting; urea 40 kg and MOP 30 kg at 40, 80 and 120 days.', 'ఎకరాకు: పశువుల ఎరువు 10 టన్నులు; నాటేటప్పుడు డీఏపీ 60 కిలోలు; 40, 80, 120 రోజులకు యూరియా 40, ఎంఓపీ 30 కిలోలు.'),
    L('Rhizome rot: drain water; drench copper oxychloride 3 g a litre at the base.', 'దుంప కుళ్లు: నీరు నిలవకుండా చూడండి; మొదళ్లలో కాపర్ ఆక్సీక్లోరైడ్ లీటరుకు 3 గ్రా. పోయండి.'),
  ),
  tobacco: A(
    { rabi: L('Transplant FCV tobacco in October–November; grow only the quota registered with the Tobacco Board.', 'అక్టోబర్–నవంబర్‌లో ఎఫ్‌సీవీ పొగాకు నాటండి; పొగాకు బోర్డులో నమోదైన పరిమితి మేరకే సాగు చేయండి.') },
    L('Siri, Kanchan, FCH 222', 'సిరి, కాంచన్, ఎఫ్‌సీహెచ్ 222'),
    L('Per acre (light soils): nitrogen 24 kg through CAN in two splits; potash 48 kg as sulphate of potash.', 'ఎకరాకు (తేలిక నేలలు): సీఏఎన్ ద్వారా నత్రజని 24 కిలోలు రెండు దఫాలుగా; సల్ఫేట్ ఆఫ్ పొటాష్ ద్వారా పొటాష్ 48 కిలోలు.'),
    L('Spodoptera: collect egg masses by hand; spray novaluron 1 ml a litre.', 'పొగాకు లద్దె పురుగు: గుడ్ల సముదాయాలను చేతితో ఏరివేయండి; నోవాల్యూరాన్ లీటరుకు 1 మి.లీ. పిచికారీ.'),
  ),
  sugarcane: A(
    { kharif: L('Earth up and prop the cane before the heavy rains; drain standing water.', 'భారీ వర్షాలకు ముందే మట్టి ఎగదోసి, చెరకును కట్టండి; నిలిచిన నీటిని తీసేయండి.'), rabi: L('Plant 3-bud setts December–February (early plant crop).', 'డిసెంబర్–ఫిబ్రవరిలో 3 కణుపుల ముచ్చెలు నాటండి (ఏకసాలి).'), summer: L('Trash mulch and irrigate every 7–10 days; keep the ratoon gap-filled.', 'చెత్తతో మల్చింగ్ చేసి 7–10 రోజులకు ఒకసారి నీరు పెట్టండి; కార్శి పంటలో ఖాళీలు నింపండి.') },
    L('2003 V 46, 87 A 298, Co 86032', '2003 వి 46, 87 ఏ 298, కో 86032'),
    L('Per acre: urea 90 kg in three splits up to 90 days; SSP 150 kg and MOP 40 kg at planting.', 'ఎకరాకు: 90 రోజుల లోపు యూరియా 90 కిలోలు మూడు దఫాలుగా; నాటేటప్పుడు ఎస్ఎస్‌పీ 150, ఎంఓపీ 40 కిలోలు.'),
    L('Early shoot borer: trash mulch and release Trichogramma cards.', 'పీక పురుగు: చెత్త మల్చింగ్ చేసి ట్రైకోగ్రామా కార్డులు వదలండి.'),
  ),
  onion: A(
    { kharif: L('Transplant in July–August on ridges.', 'జులై–ఆగస్టులో బోదెలపై నాటండి.'), rabi: L('Transplant 45 day old seedlings in November–December; the best storage crop.', 'నవంబర్–డిసెంబర్‌లో 45 రోజుల నారు నాటండి; నిల్వకు ఇదే మంచి పంట.'), summer: L('Transplant in January; stop irrigating 10 days before harvest.', 'జనవరిలో నాటండి; కోతకు 10 రోజుల ముందు నీరు ఆపండి.') },
    L('Agrifound Dark Red, Bhima Super, Bhima Shakti', 'అగ్రిఫౌండ్ డార్క్ రెడ్, భీమా సూపర్, భీమా శక్తి'),
    L('Per acre: DAP 50 kg, MOP 30 kg at planting; urea 25 kg at 30 and 45 days.', 'ఎకరాకు: నాటేటప్పుడు డీఏపీ 50, ఎంఓపీ 30 కిలోలు; 30, 45 రోజులకు యూరియా 25 కిలోల చొప్పున.'),
    L('Thrips and purple blotch: spray fipronil 2 ml with mancozeb 2.5 g a litre.', 'తామర పురుగు, ఊదా మచ్చ తెగులు: ఫిప్రొనిల్ 2 మి.లీ., మాంకోజెబ్ 2.5 గ్రా. లీటరుకు కలిపి పిచికారీ.'),
  ),
  tomato: A(
    { kharif: L('Transplant in June–July; stake the plants.', 'జూన్–జులైలో నాటి, మొక్కలకు కర్రలు కట్టండి.'), rabi: L('Transplant in October–November; the best season for yield.', 'అక్టోబర్–నవంబర్‌లో నాటండి; దిగుబడికి ఇదే మంచి కాలం.'), summer: L('Transplant in January–February with mulch and drip.', 'జనవరి–ఫిబ్రవరిలో మల్చింగ్, డ్రిప్‌తో నాటండి.') },
    L('Arka Rakshak, Arka Samrat and approved hybrids', 'అర్క రక్షక్, అర్క సామ్రాట్, అనుమతి ఉన్న హైబ్రిడ్లు'),
    L('Per acre: DAP 100 kg, MOP 50 kg at planting; urea 30 kg at 30 and 60 days.', 'ఎకరాకు: నాటేటప్పుడు డీఏపీ 100, ఎంఓపీ 50 కిలోలు; 30, 60 రోజులకు యూరియా 30 కిలోలు.'),
    L('Leaf curl (whitefly) and fruit borer: raise a maize border; pheromone traps; remove curled plants.', 'ఆకుముడత (తెల్లదోమ), కాయతొలుచు పురుగు: చుట్టూ మొక్కజొన్న వరుసలు; లింగాకర్షక బుట్టలు; ముడత మొక్కలను తీసేయండి.'),
  ),
  potato: A(
    { rabi: L('Plant seed tubers in November in the cool hill and Chittoor areas.', 'చల్లని ఏజెన్సీ, చిత్తూరు ప్రాంతాల్లో నవంబర్‌లో విత్తన దుంపలు నాటండి.') },
    L('Kufri Jyoti, Kufri Pukhraj', 'కుఫ్రీ జ్యోతి, కుఫ్రీ పుఖ్రాజ్'),
    L('Per acre: DAP 100 kg, MOP 60 kg at planting; urea 40 kg at earthing up.', 'ఎకరాకు: నాటేటప్పుడు డీఏపీ 100, ఎంఓపీ 60 కిలోలు; మట్టి ఎగదోసేటప్పుడు యూరియా 40 కిలోలు.'),
    L('Late blight in cloudy weather: spray mancozeb 2.5 g a litre.', 'మబ్బు వాతావరణంలో ఆకుమాడు తెగులు: మాంకోజెబ్ లీటరుకు 2.5 గ్రా. పిచికారీ.'),
  ),
  brinjal: A(
    { kharif: L('Transplant in July–August.', 'జులై–ఆగస్టులో నాటండి.'), rabi: L('Transplant in October–November.', 'అక్టోబర్–నవంబర్‌లో నాటండి.'), summer: L('Transplant in January–February with regular irrigation.', 'జనవరి–ఫిబ్రవరిలో నాటి క్రమం తప్పకుండా నీరు పెట్టండి.') },
    L('Bhagyamathi, Shyamala, Gulabi', 'భాగ్యమతి, శ్యామల, గులాబీ'),
    L('Per acre: DAP 75 kg, MOP 40 kg at planting; urea 30 kg every month.', 'ఎకరాకు: నాటేటప్పుడు డీఏపీ 75, ఎంఓపీ 40 కిలోలు; ప్రతి నెలా యూరియా 30 కిలోలు.'),
    L('Shoot and fruit borer: cut and destroy wilted shoots; 4 pheromone traps an acre.', 'కొమ్మ, కాయతొలుచు పురుగు: వాడిన కొమ్మలను కత్తిరించి నాశనం చేయండి; ఎకరాకు 4 లింగాకర్షక బుట్టలు.'),
  ),
  okra: A(
    { kharif: L('Sow in June–July.', 'జూన్–జులైలో విత్తండి.'), rabi: L('Sow in October only in warm coastal areas.', 'వెచ్చని కోస్తా ప్రాంతాల్లో మాత్రమే అక్టోబర్‌లో విత్తండి.'), summer: L('Sow in January–February; soak seed overnight.', 'జనవరి–ఫిబ్రవరిలో విత్తండి; విత్తనాలను రాత్రంతా నానబెట్టండి.') },
    L('Arka Anamika, Parbhani Kranti and approved hybrids', 'అర్క అనామిక, పర్భణి క్రాంతి, అనుమతి ఉన్న హైబ్రిడ్లు'),
    L('Per acre: DAP 50 kg, MOP 25 kg at sowing; urea 25 kg at 30 and 45 days.', 'ఎకరాకు: విత్తేటప్పుడు డీఏపీ 50, ఎంఓపీ 25 కిలోలు; 30, 45 రోజులకు యూరియా 25 కిలోలు.'),
    L('Yellow vein mosaic: pull out diseased plants; yellow sticky traps for whitefly.', 'పల్లాకు తెగులు: తెగులు మొక్కలను పీకేయండి; తెల్లదోమకు పసుపు జిగురు అట్టలు.'),
  ),
  banana: A(
    { kharif: L('Plant tissue-culture suckers in June–July, 1.8 × 1.8 m.', 'జూన్–జులైలో టిష్యూ కల్చర్ పిలకలను 1.8 × 1.8 మీ. దూరంలో నాటండి.'), rabi: L('Prop bunches and cover them; remove extra suckers.', 'గెలలకు ఊతకర్రలు కట్టి కవర్లు తొడగండి; అదనపు పిలకలను తీసేయండి.'), summer: L('Irrigate every 4–5 days; mulch the basins.', 'ప్రతి 4–5 రోజులకు నీరు పెట్టండి; పాదుల్లో మల్చింగ్ చేయండి.') },
    L('Grand Naine, Tella Chakkerakeli, Karpura Chakkerakeli', 'గ్రాండ్ నైన్, తెల్ల చక్కెరకేళి, కర్పూర చక్కెరకేళి'),
    L('Per plant: urea 300 g and MOP 300 g in 4 splits over 6 months.', 'మొక్కకు: 6 నెలల్లో 4 దఫాలుగా యూరియా 300 గ్రా., ఎంఓపీ 300 గ్రా.'),
    L('Sigatoka leaf spot: remove spotted leaves; spray propiconazole 1 ml a litre.', 'సిగటోక ఆకుమచ్చ: మచ్చ ఆకులను తీసేయండి; ప్రొపికొనజోల్ లీటరుకు 1 మి.లీ. పిచికారీ.'),
  ),
  mango: A(
    { kharif: L('Plant grafts in July–August; prune dead and crowded branches after harvest.', 'జులై–ఆగస్టులో అంట్లు నాటండి; కోత తర్వాత ఎండు, దట్టమైన కొమ్మలను కత్తిరించండి.'), rabi: L('Flowering in December–January: do not irrigate until fruit set.', 'డిసెంబర్–జనవరిలో పూత: పిందె కట్టే వరకు నీరు పెట్టవద్దు.'), summer: L('Irrigate every 15 days after fruit set; harvest Banganapalli at full maturity.', 'పిందె కట్టాక 15 రోజులకు ఒకసారి నీరు; బంగినపల్లిని పూర్తిగా ముదిరాకే కోయండి.') },
    L('Banganapalli, Totapuri, Suvarnarekha, Neelum', 'బంగినపల్లి, తోతాపురి, సువర్ణరేఖ, నీలం'),
    L('Per 10-year tree: urea 2 kg, SSP 3 kg, MOP 1.5 kg after the rains.', '10 ఏళ్ల చెట్టుకు: వర్షాల తర్వాత యూరియా 2, ఎస్ఎస్‌పీ 3, ఎంఓపీ 1.5 కిలోలు.'),
    L('Mango hopper and powdery mildew at flowering: spray imidacloprid 0.3 ml with wettable sulphur 3 g a litre.', 'పూత దశలో తేనెమంచు పురుగు, బూడిద తెగులు: ఇమిడాక్లోప్రిడ్ 0.3 మి.లీ., నీటిలో కరిగే గంధకం 3 గ్రా. లీటరుకు.'),
  ),
  papaya: A(
    { kharif: L('Plant in June–July on raised beds.', 'జూన్–జులైలో ఎత్తు మడులపై నాటండి.'), rabi: L('Plant in September–October, the best time in AP.', 'సెప్టెంబర్–అక్టోబర్‌లో నాటండి; రాష్ట్రంలో ఇదే మంచి సమయం.'), summer: L('Irrigate every 5–6 days; protect stems from sun scald.', 'ప్రతి 5–6 రోజులకు నీరు పెట్టండి; కాండాన్ని ఎండ దెబ్బ నుంచి కాపాడండి.') },
    L('Taiwan Red Lady, Arka Prabhath', 'తైవాన్ రెడ్ లేడీ, అర్క ప్రభాత్'),
    L('Per plant: 200 g each of N, P and K a year in 6 splits.', 'మొక్కకు: ఏడాదికి నత్రజని, భాస్వరం, పొటాష్ ఒక్కొక్కటి 200 గ్రా., 6 దఫాలుగా.'),
    L('Ring spot virus: raise seedlings under insect net; remove infected plants.', 'రింగ్ స్పాట్ వైరస్: పురుగు వలల కింద నారు పెంచండి; తెగులు మొక్కలను తీసేయండి.'),
  ),
  sweet_orange: A(
    { kharif: L('Plant budded plants in July–August, 6 × 6 m.', 'జులై–ఆగస్టులో అంటు మొక్కలను 6 × 6 మీ. దూరంలో నాటండి.'), rabi: L('Give the rest period (bahar) in October–November, then irrigate for January flowering.', 'అక్టోబర్–నవంబర్‌లో విశ్రాంతి (బహార్) ఇచ్చి, జనవరి పూతకు నీరు పెట్టండి.'), summer: L('Drip irrigate daily; mulch basins.', 'రోజూ డ్రిప్‌తో నీరు; పాదుల్లో మల్చింగ్.') },
    L('Sathgudi, Mosambi', 'సాత్గుడి, మోసంబి'),
    L('Per grown tree: urea 1.5 kg, SSP 2 kg, MOP 1 kg and zinc sulphate 2 g a litre spray.', 'పెద్ద చెట్టుకు: యూరియా 1.5, ఎస్ఎస్‌పీ 2, ఎంఓపీ 1 కిలో; జింక్ సల్ఫేట్ లీటరుకు 2 గ్రా. పిచికారీ.'),
    L('Citrus psylla on new flush: spray imidacloprid 0.3 ml a litre.', 'కొత్త చిగుర్లపై సిట్రస్ సిల్లా: ఇమిడాక్లోప్రిడ్ లీటరుకు 0.3 మి.లీ. పిచికారీ.'),
  ),
  acid_lime: A(
    { kharif: L('Plant in July–August, 6 × 6 m.', 'జులై–ఆగస్టులో 6 × 6 మీ. దూరంలో నాటండి.'), rabi: L('Hold water in November for the summer crop, then irrigate.', 'వేసవి పంట కోసం నవంబర్‌లో నీరు ఆపి, తర్వాత పెట్టండి.'), summer: L('Irrigate every 7 days; harvest when fruits turn yellow-green.', 'ప్రతి 7 రోజులకు నీరు; కాయలు పసుపు పచ్చగా మారినప్పుడు కోయండి.') },
    L('Balaji, Petlur (Nellore) local', 'బాలాజీ, పెట్లూరు (నెల్లూరు) స్థానిక రకం'),
    L('Per grown tree: urea 1 kg, SSP 1.5 kg, MOP 750 g in two splits.', 'పెద్ద చెట్టుకు: యూరియా 1, ఎస్ఎస్‌పీ 1.5 కిలోలు, ఎంఓపీ 750 గ్రా., రెండు దఫాలుగా.'),
    L('Citrus canker: prune affected twigs; spray copper oxychloride 3 g a litre.', 'గజ్జి తెగులు: తెగులు కొమ్మలను కత్తిరించండి; కాపర్ ఆక్సీక్లోరైడ్ లీటరుకు 3 గ్రా. పిచికారీ.'),
  ),
  coconut: A(
    { kharif: L('Plant seedlings in June–September in 1 m pits, 8 × 8 m.', 'జూన్–సెప్టెంబర్‌లో 8 × 8 మీ. దూరంలో 1 మీ. గుంతల్లో మొక్కలు నాటండి.'), rabi: L('Apply manure in basins after the rains; clean the crowns.', 'వర్షాల తర్వాత పాదుల్లో ఎరువులు వేయండి; మొవ్వలను శుభ్రం చేయండి.'), summer: L('Irrigate every 4–5 days; cover basins with husk.', 'ప్రతి 4–5 రోజులకు నీరు; పాదులను కొబ్బరి పొట్టుతో కప్పండి.') },
    L('East Coast Tall, Godavari Ganga (hybrid)', 'ఈస్ట్ కోస్ట్ టాల్, గోదావరి గంగ (హైబ్రిడ్)'),
    L('Per palm a year: urea 1.3 kg, SSP 2 kg, MOP 2 kg and 50 kg farmyard manure.', 'చెట్టుకు ఏడాదికి: యూరియా 1.3, ఎస్ఎస్‌పీ 2, ఎంఓపీ 2 కిలోలు, పశువుల ఎరువు 50 కిలోలు.'),
    L('Rugose whitefly: spray plain water on leaves; release Encarsia parasitoids.', 'సర్పిలాకార తెల్లదోమ: ఆకులపై నీటిని పిచికారీ చేయండి; ఎన్‌కార్సియా బదనికలను వదలండి.'),
  ),
  oil_palm: A(
    { kharif: L('Plant Tenera seedlings in June–December, 9 m triangle.', 'జూన్–డిసెంబర్‌లో టెనెరా మొక్కలను 9 మీ. త్రిభుజాకారంలో నాటండి.'), rabi: L('Harvest ripe bunches every 10 days and deliver within 24 hours.', 'పండిన గెలలను 10 రోజులకు ఒకసారి కోసి 24 గంటల్లో ఫ్యాక్టరీకి చేర్చండి.'), summer: L('Give 200 litres of water a palm a day by drip.', 'డ్రిప్ ద్వారా చెట్టుకు రోజుకు 200 లీటర్ల నీరు ఇవ్వండి.') },
    L('Tenera (D × P) hybrids from approved nurseries', 'అనుమతి ఉన్న నర్సరీల టెనెరా (డి × పి) హైబ్రిడ్లు'),
    L('Per grown palm a year: urea 2.5 kg, SSP 4 kg, MOP 3.5 kg, magnesium sulphate 500 g.', 'పెద్ద చెట్టుకు ఏడాదికి: యూరియా 2.5, ఎస్ఎస్‌పీ 4, ఎంఓపీ 3.5 కిలోలు, మెగ్నీషియం సల్ఫేట్ 500 గ్రా.'),
    L('Rhinoceros beetle: hook out beetles; fill leaf axils with neem cake and sand.', 'కొమ్ము పురుగు: కొక్కెంతో పురుగులను తీసేయండి; ఆకు మొదళ్లలో వేపపిండి, ఇసుక నింపండి.'),
  ),
  cashew: A(
    { kharif: L('Plant softwood grafts in July–August, 7 × 7 m.', 'జులై–ఆగస్టులో మెత్తని అంట్లను 7 × 7 మీ. దూరంలో నాటండి.'), rabi: L('Protect the December flush and flowers from tea mosquito bug.', 'డిసెంబర్ చిగుర్లు, పూతను టీ దోమ నుంచి కాపాడండి.'), summer: L('Collect fallen nuts daily; dry them for 2–3 days before sale.', 'రాలిన పిక్కలను రోజూ ఏరండి; అమ్మే ముందు 2–3 రోజులు ఎండబెట్టండి.') },
    L('BPP 8, BPP 6 (Bapatla), VRI 3', 'బీపీపీ 8, బీపీపీ 6 (బాపట్ల), వీఆర్ఐ 3'),
    L('Per grown tree: urea 1 kg, SSP 1.2 kg, MOP 300 g after the rains.', 'పెద్ద చెట్టుకు: వర్షాల తర్వాత యూరియా 1, ఎస్ఎస్‌పీ 1.2 కిలోలు, ఎంఓపీ 300 గ్రా.'),
    L('Tea mosquito bug: spray lambda-cyhalothrin 0.6 ml a litre at flushing and at flowering.', 'టీ దోమ: చిగురు, పూత దశల్లో లాంబ్డా సైహలోత్రిన్ లీటరుకు 0.6 మి.లీ. పిచికారీ.'),
  ),
  coffee: A(
    { kharif: L('Plant seedlings under silver oak shade in July–August.', 'జులై–ఆగస్టులో సిల్వర్ ఓక్ నీడలో మొక్కలు నాటండి.'), rabi: L('Pick only ripe red cherries, November–January; dry on clean floors.', 'నవంబర్–జనవరిలో పండిన ఎర్ర కాయలనే కోయండి; శుభ్రమైన కల్లాల్లో ఎండబెట్టండి.'), summer: L('Give blossom showers by sprinkler in March; regulate shade.', 'మార్చిలో స్ప్రింక్లర్‌తో పూత తడి ఇవ్వండి; నీడను సరిచేయండి.') },
    L('Arabica: Chandragiri, Sln 795 (Coffee Board)', 'అరబికా: చంద్రగిరి, ఎస్ఎల్ఎన్ 795 (కాఫీ బోర్డు)'),
    L('Per acre: 16:16:16 mixture 100 kg before blossom and 100 kg after the monsoon.', 'ఎకరాకు: పూతకు ముందు 100 కిలోలు, వర్షాకాలం తర్వాత 100 కిలోలు 16:16:16 మిశ్రమం.'),
    L('White stem borer: scrub and swab stems in October and April; uproot badly bored plants.', 'తెల్ల కాండం తొలుచు పురుగు: అక్టోబర్, ఏప్రిల్‌లో కాండాలను రుద్ది పూత పూయండి; బాగా దెబ్బతిన్న మొక్కలను పీకేయండి.'),
  ),
};
const SEASONS: Record<SeasonId, Localized> = { kharif: L('Kharif', 'ఖరీఫ్'), rabi: L('Rabi', 'రబీ'), summer: L('Summer', 'వేసవి') };

// ---------------------------------------------------------------- tourism

interface Sight {
  name: Localized;
  note: Localized;
}
const S = (en: string, te: string, noteEn: string, noteTe: string): Sight => ({ name: L(en, te), note: L(noteEn, noteTe) });
const TOURISM: Record<string, { sights: Sight[]; reach: Localized; stay: Localized }> = {
  srikakulam: {
    sights: [S('Arasavalli Sun Temple', 'అరసవల్లి సూర్యనారాయణ స్వామి ఆలయం', 'Ratha Saptami festival', 'రథసప్తమి ఉత్సవం'), S('Srikurmam temple', 'శ్రీకూర్మం ఆలయం', 'the only Kurma avatar temple', 'కూర్మావతార ఆలయం'), S('Baruva beach', 'బారువ బీచ్', 'where the Mahendratanaya meets the sea', 'మహేంద్రతనయ సముద్రంలో కలిసే చోటు')],
    reach: L('Srikakulam Road (Amadalavalasa) railway station; Visakhapatnam airport, 110 km.', 'శ్రీకాకుళం రోడ్ (ఆమదాలవలస) రైల్వే స్టేషన్; విశాఖపట్నం విమానాశ్రయం, 110 కి.మీ.'),
    stay: L('APTDC hotel at Srikakulam; private hotels in the town.', 'శ్రీకాకుళంలో ఏపీటీడీసీ హోటల్; పట్టణంలో ప్రైవేట్ హోటళ్లు.'),
  },
  parvathipuram_manyam: {
    sights: [S('Thotapalli barrage', 'తోటపల్లి బ్యారేజీ', 'on the Nagavali, green hills around', 'నాగావళిపై, పచ్చని కొండల మధ్య'), S('Sambara Polamamba temple', 'సంబర పోలమాంబ ఆలయం', 'the Sambara jatara in January–February', 'జనవరి–ఫిబ్రవరిలో సంబర జాతర'), S('Adali view point, Seethampeta', 'ఆడలి వ్యూ పాయింట్, సీతంపేట', 'tribal hills and sunrise', 'గిరిజన కొండలు, సూర్యోదయం')],
    reach: L('Parvathipuram railway station; Visakhapatnam airport, 130 km.', 'పార్వతీపురం రైల్వే స్టేషన్; విశాఖపట్నం విమానాశ్రయం, 130 కి.మీ.'),
    stay: L('ITDA guest houses at Seethampeta; hotels at Parvathipuram.', 'సీతంపేటలో ఐటీడీఏ అతిథి గృహాలు; పార్వతీపురంలో హోటళ్లు.'),
  },
  vizianagaram: {
    sights: [S('Vizianagaram fort', 'విజయనగరం కోట', '18th-century fort of the Gajapati kings', 'గజపతి రాజుల 18వ శతాబ్దపు కోట'), S('Ramatheertham', 'రామతీర్థం', 'Rama temple and Buddhist hill', 'రామాలయం, బౌద్ధ కొండ'), S('Bobbili fort', 'బొబ్బిలి కోట', 'the Bobbili battle of 1757', '1757 బొబ్బిలి యుద్ధం గుర్తు')],
    reach: L('Vizianagaram Junction railway station; Visakhapatnam airport, 60 km.', 'విజయనగరం జంక్షన్ రైల్వే స్టేషన్; విశాఖపట్నం విమానాశ్రయం, 60 కి.మీ.'),
    stay: L('Hotels at Vizianagaram; the Pydithalli Ammavari Sirimanu festival in October fills them early.', 'విజయనగరంలో హోటళ్లు; అక్టోబర్‌లో పైడితల్లి అమ్మవారి సిరిమాను ఉత్సవానికి ముందే బుక్ చేసుకోండి.'),
  },
  visakhapatnam: {
    sights: [S('RK Beach and INS Kursura submarine museum', 'ఆర్.కె. బీచ్, ఐఎన్ఎస్ కురుసుర జలాంతర్గామి మ్యూజియం', 'open 2–8.30 pm, closed Mondays', 'మ. 2–రా. 8.30, సోమవారం సెలవు'), S('Kailasagiri', 'కైలాసగిరి', 'ropeway and hilltop park', 'రోప్‌వే, కొండపై పార్కు'), S('Simhachalam temple', 'సింహాచలం ఆలయం', 'Chandanotsavam in April–May', 'ఏప్రిల్–మేలో చందనోత్సవం')],
    reach: L('Visakhapatnam airport and railway station; city buses to all sights.', 'విశాఖపట్నం విమానాశ్రయం, రైల్వే స్టేషన్; అన్ని ప్రదేశాలకు సిటీ బస్సులు.'),
    stay: L('APTDC Haritha Beach Resort, Rushikonda.', 'ఏపీటీడీసీ హరిత బీచ్ రిసార్ట్, రుషికొండ.'),
  },
  alluri_sitharama_raju: {
    sights: [S('Araku Valley and the tribal museum', 'అరకు లోయ, గిరిజన మ్యూజియం', 'coffee gardens and Dhimsa dance', 'కాఫీ తోటలు, ధింసా నృత్యం'), S('Borra Caves', 'బొర్రా గుహలు', 'million-year-old limestone caves', 'లక్షల ఏళ్ల సున్నపురాయి గుహలు'), S('Lambasingi', 'లంబసింగి', 'misty winter mornings, near 0 °C', 'చలికాలంలో పొగమంచు, దాదాపు 0 డిగ్రీలు')],
    reach: L('Kirandul train from Visakhapatnam (Vistadome coach) to Araku; APTDC day tours from Vizag.', 'విశాఖపట్నం నుంచి అరకుకు కిరండూల్ రైలు (విస్టాడోమ్ బోగీ); విశాఖ నుంచి ఏపీటీడీసీ ఒక్కరోజు యాత్రలు.'),
    stay: L('APTDC Haritha Valley Resort and Mayuri, Araku.', 'ఏపీటీడీసీ హరిత వ్యాలీ రిసార్ట్, మయూరి, అరకు.'),
  },
  anakapalli: {
    sights: [S('Bojjannakonda Buddhist caves', 'బొజ్జన్నకొండ బౌద్ధ గుహలు', 'rock-cut stupas, 4th century', '4వ శతాబ్దపు రాతి స్తూపాలు'), S('Nookalamma temple', 'నూకాలమ్మ ఆలయం', 'the Kotha Amavasya jatara', 'కొత్త అమావాస్య జాతర'), S('Pudimadaka beach', 'పూడిమడక బీచ్', 'quiet fishing village beach', 'ప్రశాంతమైన మత్స్యకార గ్రామ తీరం')],
    reach: L('Anakapalli railway station; Visakhapatnam airport, 35 km.', 'అనకాపల్లి రైల్వే స్టేషన్; విశాఖపట్నం విమానాశ్రయం, 35 కి.మీ.'),
    stay: L('Hotels at Anakapalli, or stay in Visakhapatnam.', 'అనకాపల్లిలో హోటళ్లు, లేదా విశాఖపట్నంలో బస.'),
  },
  kakinada: {
    sights: [S('Annavaram temple', 'అన్నవరం సత్యనారాయణ స్వామి ఆలయం', 'Satyanarayana vratam every day', 'ప్రతి రోజూ సత్యనారాయణ వ్రతాలు'), S('Coringa wildlife sanctuary', 'కోరంగి వన్యప్రాణి అభయారణ్యం', 'mangroves and boardwalk', 'మడ అడవులు, చెక్క నడక దారి'), S('Uppada beach', 'ఉప్పాడ బీచ్', 'and the Uppada silk saris', 'ఉప్పాడ పట్టు చీరలు కూడా')],
    reach: L('Kakinada Town and Annavaram railway stations; Rajahmundry airport, 65 km.', 'కాకినాడ టౌన్, అన్నవరం రైల్వే స్టేషన్లు; రాజమండ్రి విమానాశ్రయం, 65 కి.మీ.'),
    stay: L('Devasthanam cottages at Annavaram; hotels at Kakinada.', 'అన్నవరంలో దేవస్థానం కాటేజీలు; కాకినాడలో హోటళ్లు.'),
  },
  east_godavari: {
    sights: [S('Papikondalu boat trip', 'పాపికొండలు విహార యాత్ర', 'day cruise through the Godavari gorge', 'గోదావరి కొండల మధ్య ఒక్కరోజు పడవ ప్రయాణం'), S('Sir Arthur Cotton barrage, Dowleswaram', 'సర్ ఆర్థర్ కాటన్ బ్యారేజీ, ధవళేశ్వరం', 'and the Cotton museum', 'కాటన్ మ్యూజియం కూడా'), S('Kadiyam nurseries', 'కడియం నర్సరీలు', 'miles of plant nurseries', 'మైళ్ల కొద్దీ మొక్కల నర్సరీలు')],
    reach: L('Rajahmundry airport (Madhurapudi) and Rajahmundry railway station.', 'రాజమండ్రి విమానాశ్రయం (మధురపూడి), రాజమండ్రి రైల్వే స్టేషన్.'),
    stay: L('Hotels at Rajamahendravaram; book Papikondalu boats with APTDC.', 'రాజమహేంద్రవరంలో హోటళ్లు; పాపికొండలు పడవలను ఏపీటీడీసీ ద్వారా బుక్ చేసుకోండి.'),
  },
  konaseema: {
    sights: [S('Dindi backwaters', 'దిండి బ్యాక్‌వాటర్స్', 'houseboats among coconut groves', 'కొబ్బరి తోటల మధ్య హౌస్‌బోట్లు'), S('Ainavilli Vinayaka temple', 'అయినవిల్లి వినాయక ఆలయం', 'ancient Siddhi Vinayaka shrine', 'పురాతన సిద్ధి వినాయక క్షేత్రం'), S('Antarvedi', 'అంతర్వేది', 'Lakshmi Narasimha temple where the Godavari meets the sea', 'గోదావరి సముద్రంలో కలిసే చోట లక్ష్మీ నరసింహ ఆలయం')],
    reach: L('Rajahmundry airport, 70 km; buses to Amalapuram and Razole.', 'రాజమండ్రి విమానాశ్రయం, 70 కి.మీ.; అమలాపురం, రాజోలుకు బస్సులు.'),
    stay: L('APTDC Haritha Coconut Country Resort, Dindi.', 'ఏపీటీడీసీ హరిత కోకోనట్ కంట్రీ రిసార్ట్, దిండి.'),
  },
  eluru: {
    sights: [S('Dwaraka Tirumala', 'ద్వారకా తిరుమల', 'Chinna Tirupati, Venkateswara temple', 'చిన్న తిరుపతి, వేంకటేశ్వర ఆలయం'), S('Kolleru lake', 'కొల్లేరు సరస్సు', 'pelicans and painted storks, November–March', 'నవంబర్–మార్చిలో పెలికాన్లు, ఎర్ర కాళ్ల కొంగలు'), S('Polavaram project view point', 'పోలవరం ప్రాజెక్టు వ్యూ పాయింట్', 'the dam works on the Godavari', 'గోదావరిపై ఆనకట్ట పనులు')],
    reach: L('Eluru railway station; Vijayawada airport, 45 km.', 'ఏలూరు రైల్వే స్టేషన్; విజయవాడ విమానాశ్రయం, 45 కి.మీ.'),
    stay: L('Devasthanam rooms at Dwaraka Tirumala; hotels at Eluru.', 'ద్వారకా తిరుమలలో దేవస్థానం గదులు; ఏలూరులో హోటళ్లు.'),
  },
  west_godavari: {
    sights: [S('Somarama, Bhimavaram', 'సోమారామం, భీమవరం', 'one of the five Pancharama temples', 'పంచారామాలలో ఒకటి'), S('Ksheerarama, Palakollu', 'క్షీరారామం, పాలకొల్లు', 'tall Pancharama gopuram', 'ఎత్తైన పంచారామ గోపురం'), S('Perupalem beach', 'పేరుపాలెం బీచ్', 'casuarina-lined beach', 'సరుగుడు తోటల తీరం')],
    reach: L('Bhimavaram Town railway station; Rajahmundry airport, 80 km.', 'భీమవరం టౌన్ రైల్వే స్టేషన్; రాజమండ్రి విమానాశ్రయం, 80 కి.మీ.'),
    stay: L('Hotels at Bhimavaram and Narsapur.', 'భీమవరం, నరసాపురంలో హోటళ్లు.'),
  },
  ntr: {
    sights: [S('Kanaka Durga temple, Indrakeeladri', 'కనకదుర్గ ఆలయం, ఇంద్రకీలాద్రి', 'Dasara Navaratri celebrations', 'దసరా నవరాత్రి ఉత్సవాలు'), S('Bhavani Island', 'భవానీ ద్వీపం', 'river island park and boating', 'నదీ ద్వీపంలో పార్కు, బోటింగ్'), S('Kondapalli fort and toys', 'కొండపల్లి కోట, బొమ్మలు', 'the famous wooden toys', 'ప్రసిద్ధ చెక్క బొమ్మలు')],
    reach: L('Vijayawada airport (Gannavaram) and Vijayawada Junction.', 'విజయవాడ విమానాశ్రయం (గన్నవరం), విజయవాడ జంక్షన్.'),
    stay: L('APTDC Bhavani Island resort; Haritha Berm Park, Vijayawada.', 'ఏపీటీడీసీ భవానీ ద్వీపం రిసార్ట్; హరిత బెరం పార్కు, విజయవాడ.'),
  },
  krishna: {
    sights: [S('Manginapudi beach', 'మంగినపూడి బీచ్', 'black-soil beach near Machilipatnam', 'మచిలీపట్నం దగ్గర నల్లమట్టి తీరం'), S('Hamsaladeevi', 'హంసలదీవి', 'where the Krishna meets the sea', 'కృష్ణా నది సముద్రంలో కలిసే చోటు'), S('Kuchipudi', 'కూచిపూడి', 'birthplace of the Kuchipudi dance', 'కూచిపూడి నృత్యం పుట్టిన ఊరు')],
    reach: L('Machilipatnam railway station; Vijayawada airport, 60 km.', 'మచిలీపట్నం రైల్వే స్టేషన్; విజయవాడ విమానాశ్రయం, 60 కి.మీ.'),
    stay: L('Hotels at Machilipatnam; APTDC cottages at Manginapudi.', 'మచిలీపట్నంలో హోటళ్లు; మంగినపూడిలో ఏపీటీడీసీ కాటేజీలు.'),
  },
  palnadu: {
    sights: [S('Nagarjuna Sagar dam and Nagarjunakonda', 'నాగార్జునసాగర్ ఆనకట్ట, నాగార్జునకొండ', 'boat to the island museum', 'ద్వీప మ్యూజియానికి లాంచీ'), S('Ethipothala waterfalls', 'ఎత్తిపోతల జలపాతం', 'best July–November', 'జులై–నవంబర్‌లో చూడదగినది'), S('Amaravati stupa and Amareswara temple', 'అమరావతి స్తూపం, అమరేశ్వర ఆలయం', 'Buddhist site and museum', 'బౌద్ధ క్షేత్రం, మ్యూజియం')],
    reach: L('Macherla railway station, 25 km from Nagarjuna Sagar; Vijayawada airport, 170 km.', 'మాచర్ల రైల్వే స్టేషన్, నాగార్జునసాగర్‌కు 25 కి.మీ.; విజయవాడ విమానాశ్రయం, 170 కి.మీ.'),
    stay: L('APTDC hotel at Vijayapuri South, Nagarjuna Sagar.', 'విజయపురి సౌత్, నాగార్జునసాగర్‌లో ఏపీటీడీసీ హోటల్.'),
  },
  guntur: {
    sights: [S('Undavalli caves', 'ఉండవల్లి గుహలు', 'rock-cut caves with a reclining Vishnu', 'శయన విష్ణువుతో రాతి గుహలు'), S('Panakala Narasimha temple, Mangalagiri', 'పానకాల నరసింహ స్వామి ఆలయం, మంగళగిరి', 'jaggery panakam offering', 'బెల్లం పానకం నైవేద్యం'), S('Amaravati capital region', 'అమరావతి రాజధాని ప్రాంతం', 'the Krishna riverfront', 'కృష్ణా నది తీరం')],
    reach: L('Guntur Junction railway station; Vijayawada airport, 40 km.', 'గుంటూరు జంక్షన్ రైల్వే స్టేషన్; విజయవాడ విమానాశ్రయం, 40 కి.మీ.'),
    stay: L('Hotels at Guntur, Mangalagiri and Vijayawada.', 'గుంటూరు, మంగళగిరి, విజయవాడలో హోటళ్లు.'),
  },
  bapatla: {
    sights: [S('Suryalanka beach', 'సూర్యలంక బీచ్', 'wide, shallow beach', 'విశాలమైన, లోతు తక్కువ తీరం'), S('Vodarevu beach, Chirala', 'వాడరేవు బీచ్, చీరాల', 'and Chirala handloom saris', 'చీరాల చేనేత చీరలు కూడా'), S('Bhavanarayana Swamy temple, Bapatla', 'భావనారాయణ స్వామి ఆలయం, బాపట్ల', 'Chola-era temple', 'చోళుల కాలం నాటి ఆలయం')],
    reach: L('Bapatla and Chirala railway stations; Vijayawada airport, 100 km.', 'బాపట్ల, చీరాల రైల్వే స్టేషన్లు; విజయవాడ విమానాశ్రయం, 100 కి.మీ.'),
    stay: L('APTDC Haritha Beach Resort, Suryalanka.', 'ఏపీటీడీసీ హరిత బీచ్ రిసార్ట్, సూర్యలంక.'),
  },
  prakasam: {
    sights: [S('Kothapatnam beach', 'కొత్తపట్నం బీచ్', '20 km from Ongole', 'ఒంగోలుకు 20 కి.మీ.'), S('Bhairavakona', 'భైరవకోన', 'rock-cut Shiva temples and waterfall', 'రాతి శివాలయాలు, జలపాతం'), S('Chandavaram Buddhist site', 'చందవరం బౌద్ధ క్షేత్రం', 'double-terraced stupa on the Gundlakamma', 'గుండ్లకమ్మ తీరాన రెండు అంతస్తుల స్తూపం')],
    reach: L('Ongole railway station; Vijayawada airport, 150 km.', 'ఒంగోలు రైల్వే స్టేషన్; విజయవాడ విమానాశ్రయం, 150 కి.మీ.'),
    stay: L('Hotels at Ongole and Markapur.', 'ఒంగోలు, మార్కాపురంలో హోటళ్లు.'),
  },
  nellore: {
    sights: [S('Mypadu beach', 'మైపాడు బీచ్', '25 km from Nellore', 'నెల్లూరుకు 25 కి.మీ.'), S('Sri Talpagiri Ranganathaswamy temple', 'శ్రీ తల్పగిరి రంగనాథ స్వామి ఆలయం', 'on the Penna bank in Nellore', 'నెల్లూరులో పెన్నా తీరాన'), S('Udayagiri fort', 'ఉదయగిరి కోట', 'hill fort of the Vijayanagara era', 'విజయనగర కాలం నాటి కొండ కోట')],
    reach: L('Nellore railway station; Tirupati airport, 130 km.', 'నెల్లూరు రైల్వే స్టేషన్; తిరుపతి విమానాశ్రయం, 130 కి.మీ.'),
    stay: L('APTDC Haritha Beach Resort, Mypadu.', 'ఏపీటీడీసీ హరిత బీచ్ రిసార్ట్, మైపాడు.'),
  },
  kurnool: {
    sights: [S('Mantralayam', 'మంత్రాలయం', 'Sri Raghavendra Swamy Brindavanam', 'శ్రీ రాఘవేంద్ర స్వామి బృందావనం'), S('Konda Reddy fort', 'కొండారెడ్డి బురుజు', 'landmark in Kurnool town', 'కర్నూలు పట్టణ గుర్తు'), S('Orvakal rock garden', 'ఓర్వకల్లు రాక్ గార్డెన్', 'rock formations and lake', 'రాతి ఆకృతులు, సరస్సు')],
    reach: L('Kurnool City railway station; Kurnool airport (Orvakal).', 'కర్నూలు సిటీ రైల్వే స్టేషన్; కర్నూలు విమానాశ్రయం (ఓర్వకల్లు).'),
    stay: L('APTDC Haritha hotel, Orvakal; mutt rooms at Mantralayam.', 'ఏపీటీడీసీ హరిత హోటల్, ఓర్వకల్లు; మంత్రాలయంలో మఠం గదులు.'),
  },
  nandyal: {
    sights: [S('Srisailam', 'శ్రీశైలం', 'Mallikarjuna jyotirlinga and the dam', 'మల్లికార్జున జ్యోతిర్లింగం, ఆనకట్ట'), S('Belum Caves', 'బెలూం గుహలు', 'India’s second longest caves', 'దేశంలో రెండవ పొడవైన గుహలు'), S('Ahobilam', 'అహోబిలం', 'nine Narasimha temples in the Nallamala', 'నల్లమలలో నవ నారసింహ ఆలయాలు')],
    reach: L('Nandyal railway station; Srisailam by APSRTC ghat road buses (forest gates closed at night).', 'నంద్యాల రైల్వే స్టేషన్; శ్రీశైలానికి ఏపీఎస్ఆర్టీసీ ఘాట్ రోడ్డు బస్సులు (రాత్రి అటవీ గేట్లు మూసివేస్తారు).'),
    stay: L('APTDC Haritha hotels at Srisailam and Belum.', 'శ్రీశైలం, బెలూంలో ఏపీటీడీసీ హరిత హోటళ్లు.'),
  },
  anantapuramu: {
    sights: [S('Gooty fort', 'గుత్తి కోట', 'one of the oldest hill forts', 'అతి పురాతన కొండ కోటలలో ఒకటి'), S('Bugga Ramalingeswara temple, Tadipatri', 'బుగ్గ రామలింగేశ్వర ఆలయం, తాడిపత్రి', 'Vijayanagara carvings on the Penna', 'పెన్నా తీరాన విజయనగర శిల్పాలు'), S('Chintala Venkataramana temple, Tadipatri', 'చింతల వెంకటరమణ ఆలయం, తాడిపత్రి', 'stone chariot and carvings', 'రాతి రథం, శిల్పాలు')],
    reach: L('Anantapur and Guntakal Junction railway stations; Puttaparthi airport, 80 km.', 'అనంతపురం, గుంతకల్లు జంక్షన్ రైల్వే స్టేషన్లు; పుట్టపర్తి విమానాశ్రయం, 80 కి.మీ.'),
    stay: L('Hotels at Anantapur and Tadipatri.', 'అనంతపురం, తాడిపత్రిలో హోటళ్లు.'),
  },
  sri_sathya_sai: {
    sights: [S('Lepakshi', 'లేపాక్షి', 'Veerabhadra temple, hanging pillar and Nandi', 'వీరభద్ర ఆలయం, వేలాడే స్తంభం, నంది'), S('Puttaparthi, Prasanthi Nilayam', 'పుట్టపర్తి, ప్రశాంతి నిలయం', 'Sri Sathya Sai ashram', 'శ్రీ సత్యసాయి ఆశ్రమం'), S('Thimmamma Marrimanu', 'తిమ్మమ్మ మర్రిమాను', 'one of the largest banyan trees in the world', 'ప్రపంచంలోనే పెద్ద మర్రి చెట్లలో ఒకటి')],
    reach: L('Sri Sathya Sai Prasanthi Nilayam and Hindupur railway stations; Bengaluru airport, 100 km from Lepakshi.', 'శ్రీ సత్యసాయి ప్రశాంతి నిలయం, హిందూపురం రైల్వే స్టేషన్లు; లేపాక్షికి బెంగళూరు విమానాశ్రయం 100 కి.మీ.'),
    stay: L('APTDC Haritha hotel, Lepakshi; ashram rooms at Puttaparthi.', 'ఏపీటీడీసీ హరిత హోటల్, లేపాక్షి; పుట్టపర్తిలో ఆశ్రమ గదులు.'),
  },
  ysr_kadapa: {
    sights: [S('Gandikota', 'గండికోట', 'the Penna canyon and fort', 'పెన్నా లోయ, కోట'), S('Vontimitta Kodandarama temple', 'ఒంటిమిట్ట కోదండరామాలయం', 'Sri Rama Navami kalyanam', 'శ్రీరామ నవమి కళ్యాణం'), S('Ameen Peer Dargah, Kadapa', 'అమీన్ పీర్ దర్గా, కడప', 'visited by all faiths', 'అన్ని మతాల వారు దర్శించే దర్గా')],
    reach: L('Kadapa railway station and airport; Jammalamadugu is 15 km from Gandikota.', 'కడప రైల్వే స్టేషన్, విమానాశ్రయం; గండికోటకు జమ్మలమడుగు 15 కి.మీ.'),
    stay: L('APTDC Haritha hotel, Gandikota.', 'ఏపీటీడీసీ హరిత హోటల్, గండికోట.'),
  },
  annamayya: {
    sights: [S('Horsley Hills', 'హార్స్లీ హిల్స్', 'hill station at 1,265 m', '1,265 మీ. ఎత్తున వేసవి విడిది'), S('Tallapaka', 'తాళ్లపాక', 'birthplace of Annamacharya', 'అన్నమాచార్యుల జన్మస్థలం'), S('Gurramkonda fort', 'గుర్రంకొండ కోట', 'hill fort and Rangin Mahal', 'కొండ కోట, రంగీన్ మహల్')],
    reach: L('Madanapalle Road railway station; Tirupati airport, 140 km; Bengaluru, 160 km.', 'మదనపల్లె రోడ్ రైల్వే స్టేషన్; తిరుపతి విమానాశ్రయం, 140 కి.మీ.; బెంగళూరు, 160 కి.మీ.'),
    stay: L('APTDC Haritha Hill Resort, Horsley Hills.', 'ఏపీటీడీసీ హరిత హిల్ రిసార్ట్, హార్స్లీ హిల్స్.'),
  },
  tirupati: {
    sights: [S('Tirumala Sri Venkateswara temple', 'తిరుమల శ్రీ వేంకటేశ్వర స్వామి ఆలయం', 'book darshan with TTD in advance', 'టీటీడీ ద్వారా ముందుగా దర్శనం బుక్ చేసుకోండి'), S('Srikalahasti temple', 'శ్రీకాళహస్తి ఆలయం', 'Vayu linga, Rahu–Ketu puja', 'వాయు లింగం, రాహు–కేతు పూజ'), S('Pulicat lake and Nelapattu', 'పులికాట్ సరస్సు, నేలపట్టు', 'flamingos and pelicans, October–March', 'అక్టోబర్–మార్చిలో ఫ్లెమింగోలు, పెలికాన్లు')],
    reach: L('Tirupati airport (Renigunta) and Tirupati railway station; free TTD buses uphill from Alipiri.', 'తిరుపతి విమానాశ్రయం (రేణిగుంట), తిరుపతి రైల్వే స్టేషన్; అలిపిరి నుంచి కొండపైకి టీటీడీ ఉచిత బస్సులు.'),
    stay: L('APTDC hotel at Tirupati; TTD rooms at Tirumala (book online).', 'తిరుపతిలో ఏపీటీడీసీ హోటల్; తిరుమలలో టీటీడీ గదులు (ఆన్‌లైన్‌లో బుక్ చేసుకోండి).'),
  },
  chittoor: {
    sights: [S('Kanipakam Vinayaka temple', 'కాణిపాకం వినాయక ఆలయం', 'self-manifested Ganesha in a well', 'బావిలో స్వయంభూ వినాయకుడు'), S('Koundinya wildlife sanctuary', 'కౌండిన్య వన్యప్రాణి అభయారణ్యం', 'elephants, near Palamaner', 'ఏనుగులు, పలమనేరు దగ్గర'), S('Ardhagiri Anjaneya temple', 'అర్ధగిరి ఆంజనేయ స్వామి ఆలయం', 'hill shrine near Aragonda', 'అరగొండ దగ్గర కొండ క్షేత్రం')],
    reach: L('Chittoor railway station; Tirupati airport, 75 km.', 'చిత్తూరు రైల్వే స్టేషన్; తిరుపతి విమానాశ్రయం, 75 కి.మీ.'),
    stay: L('Devasthanam rooms at Kanipakam; hotels at Chittoor.', 'కాణిపాకంలో దేవస్థానం గదులు; చిత్తూరులో హోటళ్లు.'),
  },
};

// ---------------------------------------------------------------- tax calendar

interface Due {
  /** Month (1–12) and day; month 0 means every month. */
  month: number;
  day: number;
  what: Localized;
}
const DUES: Due[] = [
  { month: 4, day: 30, what: L('Property tax for the whole year with the 5% early-bird rebate (municipalities)', 'పురపాలక సంస్థల్లో ఏడాది ఆస్తి పన్ను మొత్తం చెల్లిస్తే 5% ఎర్లీ బర్డ్ రాయితీ') },
  { month: 9, day: 30, what: L('Property tax, first half-year (April–September)', 'ఆస్తి పన్ను, మొదటి అర్ధ సంవత్సరం (ఏప్రిల్–సెప్టెంబర్)') },
  { month: 3, day: 31, what: L('Property tax and vacant land tax, second half-year (October–March)', 'ఆస్తి పన్ను, ఖాళీ స్థలం పన్ను, రెండవ అర్ధ సంవత్సరం (అక్టోబర్–మార్చి)') },
  { month: 6, day: 30, what: L('Professional tax for the self-employed and businesses (AP Commercial Taxes)', 'స్వయం ఉపాధి, వ్యాపారులకు వృత్తి పన్ను (ఏపీ వాణిజ్య పన్నుల శాఖ)') },
  { month: 7, day: 31, what: L('Income tax return for individuals (no audit)', 'వ్యక్తుల ఆదాయపు పన్ను రిటర్న్ (ఆడిట్ లేనివారు)') },
  { month: 6, day: 15, what: L('Advance income tax, first instalment (15%)', 'ముందస్తు ఆదాయపు పన్ను, మొదటి వాయిదా (15%)') },
  { month: 9, day: 15, what: L('Advance income tax, second instalment (45%)', 'ముందస్తు ఆదాయపు పన్ను, రెండవ వాయిదా (45%)') },
  { month: 12, day: 15, what: L('Advance income tax, third instalment (75%)', 'ముందస్తు ఆదాయపు పన్ను, మూడవ వాయిదా (75%)') },
  { month: 3, day: 15, what: L('Advance income tax, last instalment (100%)', 'ముందస్తు ఆదాయపు పన్ను, చివరి వాయిదా (100%)') },
  { month: 4, day: 30, what: L('Quarterly tax on transport vehicles (April–June)', 'రవాణా వాహనాల త్రైమాసిక పన్ను (ఏప్రిల్–జూన్)') },
  { month: 7, day: 31, what: L('Quarterly tax on transport vehicles (July–September)', 'రవాణా వాహనాల త్రైమాసిక పన్ను (జులై–సెప్టెంబర్)') },
  { month: 10, day: 31, what: L('Quarterly tax on transport vehicles (October–December)', 'రవాణా వాహనాల త్రైమాసిక పన్ను (అక్టోబర్–డిసెంబర్)') },
  { month: 1, day: 31, what: L('Quarterly tax on transport vehicles (January–March)', 'రవాణా వాహనాల త్రైమాసిక పన్ను (జనవరి–మార్చి)') },
  { month: 0, day: 20, what: L('GST return GSTR-3B and tax for last month', 'గత నెల జీఎస్టీ రిటర్న్ జీఎస్టీఆర్-3బీ, పన్ను') },
  { month: 0, day: 15, what: L('Water charges: last date for this month’s bill (municipal taps)', 'నీటి చార్జీలు: ఈ నెల బిల్లుకు చివరి తేదీ (పురపాలక కుళాయిలు)') },
];

/** Every due date from today for a year, soonest first. */
function upcoming(today: string): Array<{ iso: string; what: Localized }> {
  const year = Number(today.slice(0, 4));
  const all: Array<{ iso: string; what: Localized }> = [];
  for (const due of DUES) {
    for (let y = year; y <= year + 1; y++) {
      const months = due.month === 0 ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [due.month];
      for (const m of months) {
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(due.day).padStart(2, '0')}`;
        if (iso >= today) all.push({ iso, what: due.what });
      }
    }
  }
  return all.sort((a, b) => (a.iso < b.iso ? -1 : a.iso > b.iso ? 1 : 0));
}

// ---------------------------------------------------------------- helplines

const HELPLINES: Localized[] = [
  L('112: any emergency (police, fire, ambulance)', '112: ఏ అత్యవసరమైనా (పోలీసు, అగ్నిమాపక, అంబులెన్స్)'),
  L('100: police', '100: పోలీసు'),
  L('101: fire', '101: అగ్నిమాపక'),
  L('108: ambulance', '108: అంబులెన్స్'),
  L('102: ambulance for pregnant women and newborns', '102: గర్భిణులు, నవజాత శిశువులకు అంబులెన్స్'),
  L('104: health advice', '104: ఆరోగ్య సలహా'),
  L('181: women’s helpline', '181: మహిళా హెల్ప్‌లైన్'),
  L('1098: child helpline', '1098: బాలల హెల్ప్‌లైన్'),
  L('1070: AP disaster control room (cyclone, flood)', '1070: ఏపీ విపత్తు నియంత్రణ కేంద్రం (తుపాను, వరదలు)'),
  L('1930: cyber crime and online fraud', '1930: సైబర్ నేరాలు, ఆన్‌లైన్ మోసాలు'),
  L('14567: elder line, for senior citizens', '14567: వృద్ధుల హెల్ప్‌లైన్ (ఎల్డర్ లైన్)'),
  L('14416: Tele-MANAS, mental health', '14416: టెలీ-మానస్, మానసిక ఆరోగ్యం'),
  L('1033: national highway accidents and help', '1033: జాతీయ రహదారులపై ప్రమాదాలు, సహాయం'),
];

// ---------------------------------------------------------------- the spec

const districtOf = (key: string): string | undefined => (Object.hasOwn(DISTRICTS, key.toLowerCase()) ? key.toLowerCase() : undefined);
const tidy = (text: string) => {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
};
/** Towns the department knows by name, in either script, so a route reads in the citizen's language. */
const KNOWN_PLACES = (() => {
  const known = new Map<string, Localized>();
  const add = (name: Localized) => {
    known.set(name.en.toLowerCase(), name);
    known.set(name.te, name);
  };
  for (const t of Object.values(DISTRICT_TOWNS)) t.towns.forEach(add);
  PLACES.forEach((p) => add(p.name));
  return known;
})();
const placeName = (typed: string): Localized | string => KNOWN_PLACES.get(typed.toLowerCase()) ?? KNOWN_PLACES.get(typed) ?? typed;
const en = (name: Localized | string) => (typeof name === 'string' ? name : name.en);
const te = (name: Localized | string) => (typeof name === 'string' ? name : name.te);

export const spec: DeskSpec = {
  department: 'itec',
  slug: 'itec',
  title: 'RTGS (IT, Electronics and Communications)',
  idPrefix: 'RTGS',
  auth: 'hmac',
  lookups: [
    {
      // infrastructure_updates
      path: '/infrastructure/projects',
      key: 'district',
      pattern: CHOICE,
      hint: 'Choose a district from the list',
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const district = districtOf(ctx.key);
        if (!district) return null;
        const { towns, river } = DISTRICT_TOWNS[district]!;
        const flagship = FLAGSHIPS[district];
        const chosen: Array<{ name: Localized; agency: Localized; crore: number }> = flagship ? [flagship] : [];
        const order = [...WORKS.keys()];
        while (chosen.length < 3) {
          const i = order.splice(ctx.pick.int(0, order.length - 1), 1)[0]!;
          chosen.push(WORKS[i]!(towns, river, ctx.pick));
        }
        const lines = chosen.map((p, i) => projectLine(i + 1, p, ctx.pick.int(12, 96), ctx.pick.date(45, 720)));
        return { district: DISTRICTS[district]!, projects: chosen.length, lines: join(lines), updated_on: ctx.pick.date(-6, 0) };
      },
    },
    {
      // road_conditions
      path: '/roads/conditions',
      key: 'from_place',
      pattern: PLACE_NAME,
      hint: 'Write the name of a town or village, for example Guntur',
      requires: ['to_place'],
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const typedTo = tidy(ctx.query.to_place ?? '');
        if (!PLACE_NAME.test(typedTo)) return refusal(422, 'INVALID_TO_PLACE', 'Write the name of the town or village you are going to, for example Tenali');
        const fromName = placeName(tidy(ctx.query.from_place ?? ctx.key));
        const toName = placeName(typedTo);
        if (en(fromName).toLowerCase() === en(toName).toLowerCase()) return refusal(422, 'SAME_PLACE', 'The start and the end of the route are the same place; please give two different places');
        const monsoon = monthOf(ctx.today) >= 6 && monthOf(ctx.today) <= 11;
        const roll = ctx.pick.int(1, 100);
        const status = roll <= 25 ? 'clear' : monsoon && roll >= 88 ? 'closed' : 'works';
        const road = ctx.pick.one(HIGHWAYS);
        const other = ctx.pick.one(HIGHWAYS.filter((h) => h !== road));
        const items: Localized[] = [];
        if (status === 'clear') {
          items.push(L(`No closures or works reported between ${en(fromName)} and ${en(toName)}.`, `${te(fromName)}–${te(toName)} మధ్య ఎలాంటి మూసివేతలు, పనులు నమోదు కాలేదు.`));
        } else {
          if (status === 'closed') {
            const extra = ctx.pick.int(8, 25);
            items.push(L(`Causeway near ${en(toName)} under water: road closed; use ${other.en}, about ${extra} km longer.`, `${te(toName)} దగ్గర కాజ్‌వేపై వరద నీరు: రోడ్డు మూసివేశారు; ${other.te} మీదుగా వెళ్లండి, సుమారు ${extra} కి.మీ. ఎక్కువ.`));
          }
          const delay = ctx.pick.int(10, 40);
          items.push(L(`${road.en.charAt(0).toUpperCase()}${road.en.slice(1)} near ${en(fromName)}: road widening, one lane open; expect ${delay} min delay.`, `${te(fromName)} దగ్గర ${road.te}: రోడ్డు విస్తరణ పనులు, ఒకే వరుసలో రాకపోకలు; ${delay} నిమిషాలు ఆలస్యం కావచ్చు.`));
          if (ctx.pick.chance(0.6)) {
            const till = ctx.pick.date(2, 20);
            items.push(L(`Between ${en(fromName)} and ${en(toName)}: pothole repairs by Roads and Buildings till ${till}, 8 am to 6 pm.`, `${te(fromName)}–${te(toName)} మధ్య: రహదారులు, భవనాల శాఖ గుంతల మరమ్మతులు ${till} వరకు, ఉ. 8 నుంచి సా. 6 వరకు.`));
          }
          if (ctx.pick.chance(0.35)) {
            const km = ctx.pick.int(12, 240);
            items.push(L(`Bridge repair at km ${km} on ${other.en}: heavy vehicles diverted; cars and buses pass slowly.`, `${other.te} కి.మీ. ${km} వద్ద వంతెన మరమ్మతు: భారీ వాహనాలను మళ్లించారు; కార్లు, బస్సులు నెమ్మదిగా వెళ్తాయి.`));
          }
        }
        return { from_place: fromName, to_place: toName, status, works: status === 'clear' ? 0 : items.length, lines: join(items), updated_at: `${ddmmyyyy(ctx.today)} ${String(ctx.pick.int(6, 11)).padStart(2, '0')}:${ctx.pick.one(['00', '15', '30', '45'])}` };
      },
    },
    {
      // weather_forecast
      path: '/weather/forecast',
      key: 'location',
      pattern: LOCATION,
      hint: 'Share your location with the WhatsApp attachment button',
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const at = parseLatLon(ctx.key);
        if (!at) return null;
        if (!insideAndhra(at.lat, at.lon)) return refusal(422, 'OUTSIDE_AP', 'This location is outside Andhra Pradesh; forecasts are given only for places in the state');
        const { place } = nearest(at.lat, at.lon);
        // The same forecast for everyone near the same town on the same day.
        const days = [0, 1, 2].map((d) => {
          const iso = addDays(ctx.today, d);
          return { iso, ...weather(place, iso, createPicker(`itec/weather/${place.name.en}/${iso}`, ctx.today)) };
        });
        const now = days[0]!;
        const alert = now.max >= 42 ? 'heat_wave' : now.rain >= 75 ? 'heavy_rain' : now.min <= 10 ? 'cold' : 'none';
        const lines = days.map((d) => {
          const c = CONDITION(d.rain, d.max);
          return L(`${dayLabel(d.iso, 'en')}: ${d.max}°/${d.min}°C, rain ${d.rain}%, ${c.en.toLowerCase()}`, `${dayLabel(d.iso, 'te')}: ${d.max}°/${d.min}°సె, వర్షం అవకాశం ${d.rain}%, ${c.te}`);
        });
        return {
          place: place.name,
          district: DISTRICTS[place.district]!,
          max_temp: now.max,
          min_temp: now.min,
          rain_chance: now.rain,
          humidity: now.humidity,
          wind_kmph: now.wind,
          condition: CONDITION(now.rain, now.max),
          alert,
          lines: join(lines),
          issued_at: `${ddmmyyyy(ctx.today)} 05:30`,
        };
      },
    },
    {
      // market_prices
      path: '/agriculture/market-prices',
      key: 'crop',
      pattern: CHOICE,
      hint: 'Choose a crop from the list',
      requires: ['district'],
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const crop = ctx.key.toLowerCase();
        const district = districtOf(String(ctx.query.district ?? ''));
        if (crop === 'other') return refusal(422, 'CROP_NOT_LISTED', 'Prices are published for the crops in the list only; please choose one of them');
        if (!Object.hasOwn(CROPS, crop) || !district) return null;
        const c = CROPS[crop]!;
        if (c.only && !c.only.includes(district)) return refusal(422, 'NOT_TRADED_HERE', `No market yard in ${DISTRICTS[district]!.en} district trades ${c.name.en}; prices come from ${c.only.map((d) => DISTRICTS[d]!.en).join(', ')}`);
        // Prices move from market to market and day to day.
        const pick = createPicker(`itec/market-prices/${crop}/${district}/${ctx.today}`, ctx.today);
        const base = ctx.pick.int(c.lo, c.hi);
        const step = base >= 5000 ? 50 : 10;
        const round = (n: number) => Math.round(n / step) * step;
        const lines = DISTRICT_TOWNS[district]!.towns.map((town) => {
          const modal = round(base * (1 + pick.int(-6, 6) / 100));
          const min = round(modal * (1 - pick.int(4, 12) / 100));
          const max = round(modal * (1 + pick.int(3, 9) / 100));
          const arrivals = pick.int(c.arrivals[0], c.arrivals[1]);
          return L(`${town.en}: ₹${indianGrouping(modal)} (₹${indianGrouping(min)}–₹${indianGrouping(max)}), ${indianGrouping(arrivals)} qtl arrived`, `${town.te}: ₹${indianGrouping(modal)} (₹${indianGrouping(min)}–₹${indianGrouping(max)}), ${indianGrouping(arrivals)} క్వింటాళ్ల రాక`);
        });
        const msp = c.msp ? L(`MSP ₹${indianGrouping(c.msp)} a quintal: if the market pays less, sell at the Rythu Seva Kendram procurement centre.`, `కనీస మద్దతు ధర క్వింటాలుకు ₹${indianGrouping(c.msp)}: మార్కెట్‌లో తక్కువ ధర వస్తే రైతు సేవా కేంద్రం కొనుగోలు కేంద్రంలో అమ్మండి.`) : L('No MSP for this crop.', 'ఈ పంటకు కనీస మద్దతు ధర లేదు.');
        return { crop: c.name, district: DISTRICTS[district]!, date: ddmmyyyy(ctx.today), lines: join(lines), msp_note: msp, unit: L('₹ a quintal', 'క్వింటాలుకు ₹') };
      },
    },
    {
      // crop_advisory
      path: '/agriculture/advisories/:crop',
      key: 'crop',
      pattern: CHOICE,
      hint: 'Choose a crop from the list',
      requires: ['season'],
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const crop = ctx.key.toLowerCase();
        const season = String(ctx.query.season ?? '').toLowerCase() as SeasonId;
        if (crop === 'other') return refusal(422, 'CROP_NOT_LISTED', 'Advisories are written for the crops in the list only; for another crop ask the agriculture assistant at your Rythu Seva Kendram');
        if (!Object.hasOwn(ADVICE, crop) || !Object.hasOwn(SEASONS, season)) return null;
        const advice = ADVICE[crop]!;
        const now = advice.seasons[season];
        if (!now) {
          const fits = (Object.keys(advice.seasons) as SeasonId[]).map((s) => SEASONS[s].en).join(' and ');
          return refusal(422, 'SEASON_NOT_SUITABLE', `${CROPS[crop]?.name.en ?? crop} is not grown in ${SEASONS[season].en} in Andhra Pradesh; grow it in ${fits}`);
        }
        const weatherNote = ctx.pick.one([
          L('This week: no spraying if rain is forecast within 6 hours.', 'ఈ వారం: 6 గంటల్లో వర్షం సూచన ఉంటే పిచికారీ చేయవద్దు.'),
          L('This week: dry spell likely; give a light irrigation where you can.', 'ఈ వారం: వర్షం లేని రోజులు; వీలైన చోట తేలికపాటి తడి ఇవ్వండి.'),
          L('This week: cloudy and humid weather favours pests; scout the field twice.', 'ఈ వారం: మబ్బు, తేమ వాతావరణం పురుగులకు అనుకూలం; పొలాన్ని రెండుసార్లు పరిశీలించండి.'),
          L('This week: book your crop in e-Crop at the Rythu Seva Kendram for insurance and MSP sale.', 'ఈ వారం: బీమా, మద్దతు ధరకు అమ్మకం కోసం రైతు సేవా కేంద్రంలో ఈ-క్రాప్ నమోదు చేయించండి.'),
        ]);
        const lines = [
          L(`Now: ${now.en}`, `ఇప్పుడు: ${now.te}`),
          L(`Varieties: ${advice.varieties.en}`, `రకాలు: ${advice.varieties.te}`),
          L(`Fertiliser: ${advice.fertiliser.en}`, `ఎరువులు: ${advice.fertiliser.te}`),
          L(`Pests: ${advice.pest.en}`, `చీడపీడలు: ${advice.pest.te}`),
          weatherNote,
        ];
        return { crop: CROPS[crop]?.name ?? L(crop, crop), season: SEASONS[season], lines: join(lines), source: L('ANGRAU and the Department of Agriculture', 'ఆచార్య ఎన్.జి. రంగా వ్యవసాయ విశ్వవిద్యాలయం, వ్యవసాయ శాఖ'), issued_on: ctx.pick.date(-10, -1) };
      },
    },
    {
      // tourism_info
      path: '/tourism/districts/:district',
      key: 'district',
      pattern: CHOICE,
      hint: 'Choose a district from the list',
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const district = districtOf(ctx.key);
        if (!district) return null;
        const t = TOURISM[district]!;
        const lines = t.sights.map((s, i) => L(`${i + 1}. ${s.name.en}: ${s.note.en}`, `${i + 1}. ${s.name.te}: ${s.note.te}`));
        return { district: DISTRICTS[district]!, places: t.sights.length, lines: join(lines), reach: t.reach, stay: t.stay, season: monthOf(ctx.today) >= 4 && monthOf(ctx.today) <= 6 ? L('Summer: visit early in the morning and carry water.', 'వేసవి: ఉదయం పూటే వెళ్లండి, నీళ్లు వెంట తీసుకెళ్లండి.') : L('A good season to visit.', 'పర్యటనకు అనువైన కాలం.') };
      },
    },
    {
      // tax_deadlines
      path: '/tax-calendar',
      key: '',
      answer(ctx) {
        const next = upcoming(ctx.today).slice(0, 5);
        const first = next[0]!;
        const days = daysBetween(ctx.today, first.iso);
        const lines = next.map((d) => L(`${ddmmyyyy(d.iso)}: ${d.what.en}`, `${ddmmyyyy(d.iso)}: ${d.what.te}`));
        return { next_due: first.what, next_date: ddmmyyyy(first.iso), days_left: days, lines: join(lines) };
      },
    },
    {
      // emergency_helplines
      path: '/helplines',
      key: '',
      answer() {
        return { lines: join(HELPLINES), emergency: '112', disaster: '1070' };
      },
    },
  ],
  filings: [
    {
      // disaster_alerts
      path: '/alerts/subscriptions',
      code: 'DAS',
      kind: 'application',
      requires: ['location', 'alert_types'],
      check(body): Refusal | null {
        const at = locationOf(body.location);
        if (!at) return refusal(422, 'INVALID_LOCATION', 'We could not read the location; please share it again with the WhatsApp attachment button');
        if (!insideAndhra(at.lat, at.lon)) return refusal(422, 'OUTSIDE_AP', 'This location is outside Andhra Pradesh; APSDMA sends alerts only for places in the state');
        const types = ['all', 'cyclone', 'heavy_rain', 'flood', 'lightning', 'heat_wave', 'sea_fishermen', 'tsunami'];
        const chosen = Array.isArray(body.alert_types) ? body.alert_types : String(body.alert_types).split(',');
        if (chosen.length === 0 || chosen.some((t) => !types.includes(String(t).trim()))) return refusal(422, 'INVALID_ALERT_TYPE', 'Please choose the alerts you want from the list');
        if (chosen.some((t) => ['sea_fishermen', 'tsunami'].includes(String(t).trim())) && !nearest(at.lat, at.lon).place.coastal) {
          return refusal(422, 'NOT_COASTAL', 'Sea and tsunami warnings are sent only for coastal mandals; choose other alerts for this location');
        }
        return null;
      },
      steps: [
        { status: 'in_review', note: L('Registered at the APSDMA State Emergency Operations Centre; your mandal is being matched to your location.', 'ఏపీఎస్‌డీఎంఏ రాష్ట్ర అత్యవసర కార్యకలాపాల కేంద్రంలో నమోదైంది; మీ స్థానానికి మండలాన్ని సరిపోలుస్తున్నారు.') },
        { status: 'approved', note: L('Alerts are on: APSDMA will send cyclone, flood and lightning warnings for your mandal. In an emergency call 1070 or 112.', 'హెచ్చరికలు ప్రారంభమయ్యాయి: మీ మండలానికి తుపాను, వరద, పిడుగుల హెచ్చరికలను ఏపీఎస్‌డీఎంఏ పంపుతుంది. అత్యవసరమైతే 1070 లేదా 112కి కాల్ చేయండి.') },
      ],
    },
  ],
};
