/**
 * Andhra Pradesh as every department's sandbox backend knows it: the 26 districts (the
 * catalog's ids and titles, flows/catalog/choices.json list "district"), their headquarters
 * towns, mandal towns and where they are, the state's bounds, and a location as the platform
 * sends it. The departments all serve the one state, so they share this one copy of its
 * geography instead of each keeping its own.
 */
import type { Localized } from './spec';

const L = (en: string, te: string): Localized => ({ en, te });

/** The catalog's districts by id, in the catalog's order (flows/catalog/choices.json, list "district"). */
export const DISTRICTS: Record<string, Localized> = {
  srikakulam: L('Srikakulam', 'శ్రీకాకుళం'),
  parvathipuram_manyam: L('Parvathipuram Manyam', 'పార్వతీపురం మన్యం'),
  vizianagaram: L('Vizianagaram', 'విజయనగరం'),
  visakhapatnam: L('Visakhapatnam', 'విశాఖపట్నం'),
  alluri_sitharama_raju: L('Alluri Sitharama Raju', 'అల్లూరి సీతారామరాజు'),
  anakapalli: L('Anakapalli', 'అనకాపల్లి'),
  kakinada: L('Kakinada', 'కాకినాడ'),
  east_godavari: L('East Godavari', 'తూర్పు గోదావరి'),
  konaseema: L('Konaseema', 'కోనసీమ'),
  eluru: L('Eluru', 'ఏలూరు'),
  west_godavari: L('West Godavari', 'పశ్చిమ గోదావరి'),
  ntr: L('NTR', 'ఎన్టీఆర్'),
  krishna: L('Krishna', 'కృష్ణా'),
  palnadu: L('Palnadu', 'పల్నాడు'),
  guntur: L('Guntur', 'గుంటూరు'),
  bapatla: L('Bapatla', 'బాపట్ల'),
  prakasam: L('Prakasam', 'ప్రకాశం'),
  nellore: L('Nellore', 'నెల్లూరు'),
  kurnool: L('Kurnool', 'కర్నూలు'),
  nandyal: L('Nandyal', 'నంద్యాల'),
  anantapuramu: L('Anantapuramu', 'అనంతపురం'),
  sri_sathya_sai: L('Sri Sathya Sai', 'శ్రీ సత్యసాయి'),
  ysr_kadapa: L('YSR Kadapa', 'వైఎస్ఆర్ కడప'),
  annamayya: L('Annamayya', 'అన్నమయ్య'),
  tirupati: L('Tirupati', 'తిరుపతి'),
  chittoor: L('Chittoor', 'చిత్తూరు'),
};

/** The full names the catalog gives in a district's description, where it has one. */
export const FULL_NAMES: Partial<Record<string, Localized>> = {
  konaseema: L('Dr. B.R. Ambedkar Konaseema', 'డా. బి.ఆర్. అంబేద్కర్ కోనసీమ'),
  nellore: L('Sri Potti Sriramulu Nellore', 'శ్రీ పొట్టి శ్రీరాములు నెల్లూరు'),
};

export const DISTRICT_IDS: readonly string[] = Object.keys(DISTRICTS);

/** The Rayalaseema districts, the state's dry south-west. */
export const RAYALASEEMA: ReadonlySet<string> = new Set(['kurnool', 'nandyal', 'anantapuramu', 'sri_sathya_sai', 'ysr_kadapa', 'annamayya', 'tirupati', 'chittoor']);

/** Each district's headquarters town, with its own SRO and Tahsildar. */
export const HEADQUARTERS: Record<string, Localized> = {
  srikakulam: L('Srikakulam', 'శ్రీకాకుళం'),
  parvathipuram_manyam: L('Parvathipuram', 'పార్వతీపురం'),
  vizianagaram: L('Vizianagaram', 'విజయనగరం'),
  visakhapatnam: L('Visakhapatnam', 'విశాఖపట్నం'),
  alluri_sitharama_raju: L('Paderu', 'పాడేరు'),
  anakapalli: L('Anakapalli', 'అనకాపల్లి'),
  kakinada: L('Kakinada', 'కాకినాడ'),
  east_godavari: L('Rajamahendravaram', 'రాజమహేంద్రవరం'),
  konaseema: L('Amalapuram', 'అమలాపురం'),
  eluru: L('Eluru', 'ఏలూరు'),
  west_godavari: L('Bhimavaram', 'భీమవరం'),
  ntr: L('Vijayawada', 'విజయవాడ'),
  krishna: L('Machilipatnam', 'మచిలీపట్నం'),
  palnadu: L('Narasaraopet', 'నరసరావుపేట'),
  guntur: L('Guntur', 'గుంటూరు'),
  bapatla: L('Bapatla', 'బాపట్ల'),
  prakasam: L('Ongole', 'ఒంగోలు'),
  nellore: L('Nellore', 'నెల్లూరు'),
  kurnool: L('Kurnool', 'కర్నూలు'),
  nandyal: L('Nandyal', 'నంద్యాల'),
  anantapuramu: L('Anantapuramu', 'అనంతపురం'),
  sri_sathya_sai: L('Puttaparthi', 'పుట్టపర్తి'),
  ysr_kadapa: L('Kadapa', 'కడప'),
  annamayya: L('Rayachoti', 'రాయచోటి'),
  tirupati: L('Tirupati', 'తిరుపతి'),
  chittoor: L('Chittoor', 'చిత్తూరు'),
};

/** Towns that head mandals, with where they are (for "lat,lon" inputs): coastal ones feel the sea, hill ones the cold. */
export interface Place {
  name: Localized;
  district: string;
  lat: number;
  lon: number;
  coastal?: boolean;
  hills?: boolean;
  town?: boolean;
}
const P = (en: string, te: string, district: string, lat: number, lon: number, extra: Partial<Place> = {}): Place => ({ name: L(en, te), district, lat, lon, ...extra });
export const PLACES: Place[] = [
  P('Srikakulam', 'శ్రీకాకుళం', 'srikakulam', 18.3, 83.9, { coastal: true, town: true }),
  P('Palasa', 'పలాస', 'srikakulam', 18.77, 84.41, { coastal: true, town: true }),
  P('Tekkali', 'టెక్కలి', 'srikakulam', 18.61, 84.23, { coastal: true }),
  P('Parvathipuram', 'పార్వతీపురం', 'parvathipuram_manyam', 18.78, 83.43, { town: true }),
  P('Salur', 'సాలూరు', 'parvathipuram_manyam', 18.52, 83.21, { town: true }),
  P('Vizianagaram', 'విజయనగరం', 'vizianagaram', 18.11, 83.4, { town: true }),
  P('Bobbili', 'బొబ్బిలి', 'vizianagaram', 18.57, 83.36, { town: true }),
  P('Visakhapatnam', 'విశాఖపట్నం', 'visakhapatnam', 17.69, 83.22, { coastal: true, town: true }),
  P('Bheemunipatnam', 'భీమునిపట్నం', 'visakhapatnam', 17.89, 83.45, { coastal: true, town: true }),
  P('Paderu', 'పాడేరు', 'alluri_sitharama_raju', 18.07, 82.67, { hills: true }),
  P('Araku Valley', 'అరకు లోయ', 'alluri_sitharama_raju', 18.33, 82.87, { hills: true }),
  P('Rampachodavaram', 'రంపచోడవరం', 'alluri_sitharama_raju', 17.44, 81.78, { hills: true }),
  P('Anakapalli', 'అనకాపల్లి', 'anakapalli', 17.69, 83.0, { town: true }),
  P('Narsipatnam', 'నర్సీపట్నం', 'anakapalli', 17.67, 82.61, { town: true }),
  P('Kakinada', 'కాకినాడ', 'kakinada', 16.99, 82.25, { coastal: true, town: true }),
  P('Tuni', 'తుని', 'kakinada', 17.36, 82.55, { coastal: true, town: true }),
  P('Peddapuram', 'పెద్దాపురం', 'kakinada', 17.08, 82.14, { town: true }),
  P('Rajamahendravaram', 'రాజమహేంద్రవరం', 'east_godavari', 17.0, 81.8, { town: true }),
  P('Kovvur', 'కొవ్వూరు', 'east_godavari', 17.01, 81.72, { town: true }),
  P('Amalapuram', 'అమలాపురం', 'konaseema', 16.58, 82.01, { coastal: true, town: true }),
  P('Ramachandrapuram', 'రామచంద్రపురం', 'konaseema', 16.84, 82.03, { town: true }),
  P('Eluru', 'ఏలూరు', 'eluru', 16.71, 81.1, { town: true }),
  P('Jangareddygudem', 'జంగారెడ్డిగూడెం', 'eluru', 17.12, 81.29, { town: true }),
  P('Nuzvid', 'నూజివీడు', 'eluru', 16.79, 80.85, { town: true }),
  P('Bhimavaram', 'భీమవరం', 'west_godavari', 16.54, 81.52, { coastal: true, town: true }),
  P('Tadepalligudem', 'తాడేపల్లిగూడెం', 'west_godavari', 16.81, 81.53, { town: true }),
  P('Narsapur', 'నరసాపురం', 'west_godavari', 16.43, 81.7, { coastal: true, town: true }),
  P('Vijayawada', 'విజయవాడ', 'ntr', 16.51, 80.65, { town: true }),
  P('Nandigama', 'నందిగామ', 'ntr', 16.77, 80.29, { town: true }),
  P('Tiruvuru', 'తిరువూరు', 'ntr', 17.1, 80.61),
  P('Machilipatnam', 'మచిలీపట్నం', 'krishna', 16.19, 81.14, { coastal: true, town: true }),
  P('Gudivada', 'గుడివాడ', 'krishna', 16.43, 80.99, { town: true }),
  P('Avanigadda', 'అవనిగడ్డ', 'krishna', 16.02, 80.92, { coastal: true }),
  P('Narasaraopet', 'నరసరావుపేట', 'palnadu', 16.24, 80.05, { town: true }),
  P('Macherla', 'మాచర్ల', 'palnadu', 16.48, 79.44, { town: true }),
  P('Sattenapalle', 'సత్తెనపల్లి', 'palnadu', 16.4, 80.15, { town: true }),
  P('Guntur', 'గుంటూరు', 'guntur', 16.31, 80.44, { town: true }),
  P('Tenali', 'తెనాలి', 'guntur', 16.24, 80.64, { town: true }),
  P('Mangalagiri', 'మంగళగిరి', 'guntur', 16.43, 80.57, { town: true }),
  P('Bapatla', 'బాపట్ల', 'bapatla', 15.9, 80.47, { coastal: true, town: true }),
  P('Chirala', 'చీరాల', 'bapatla', 15.82, 80.35, { coastal: true, town: true }),
  P('Repalle', 'రేపల్లె', 'bapatla', 16.02, 80.83, { coastal: true, town: true }),
  P('Ongole', 'ఒంగోలు', 'prakasam', 15.51, 80.05, { coastal: true, town: true }),
  P('Markapur', 'మార్కాపురం', 'prakasam', 15.74, 79.27, { town: true }),
  P('Kanigiri', 'కనిగిరి', 'prakasam', 15.4, 79.51, { town: true }),
  P('Giddalur', 'గిద్దలూరు', 'prakasam', 15.38, 78.92),
  P('Nellore', 'నెల్లూరు', 'nellore', 14.44, 79.99, { coastal: true, town: true }),
  P('Kavali', 'కావలి', 'nellore', 14.91, 79.99, { coastal: true, town: true }),
  P('Atmakur', 'ఆత్మకూరు', 'nellore', 14.62, 79.62, { town: true }),
  P('Kurnool', 'కర్నూలు', 'kurnool', 15.83, 78.04, { town: true }),
  P('Adoni', 'ఆదోని', 'kurnool', 15.63, 77.28, { town: true }),
  P('Yemmiganur', 'ఎమ్మిగనూరు', 'kurnool', 15.77, 77.48, { town: true }),
  P('Nandyal', 'నంద్యాల', 'nandyal', 15.48, 78.48, { town: true }),
  P('Atmakur (Nandyal)', 'ఆత్మకూరు (నంద్యాల)', 'nandyal', 15.88, 78.59),
  P('Banaganapalle', 'బనగానపల్లె', 'nandyal', 15.32, 78.23),
  P('Anantapur', 'అనంతపురం', 'anantapuramu', 14.68, 77.6, { town: true }),
  P('Guntakal', 'గుంతకల్లు', 'anantapuramu', 15.17, 77.38, { town: true }),
  P('Tadipatri', 'తాడిపత్రి', 'anantapuramu', 14.91, 78.01, { town: true }),
  P('Kalyandurg', 'కళ్యాణదుర్గం', 'anantapuramu', 14.55, 77.11),
  P('Puttaparthi', 'పుట్టపర్తి', 'sri_sathya_sai', 14.17, 77.81, { town: true }),
  P('Hindupur', 'హిందూపురం', 'sri_sathya_sai', 13.83, 77.49, { town: true }),
  P('Kadiri', 'కదిరి', 'sri_sathya_sai', 14.11, 78.16, { town: true }),
  P('Dharmavaram', 'ధర్మవరం', 'sri_sathya_sai', 14.41, 77.72, { town: true }),
  P('Kadapa', 'కడప', 'ysr_kadapa', 14.47, 78.82, { town: true }),
  P('Proddatur', 'ప్రొద్దుటూరు', 'ysr_kadapa', 14.75, 78.55, { town: true }),
  P('Pulivendula', 'పులివెందుల', 'ysr_kadapa', 14.42, 78.23, { town: true }),
  P('Badvel', 'బద్వేలు', 'ysr_kadapa', 14.74, 79.06, { town: true }),
  P('Rayachoti', 'రాయచోటి', 'annamayya', 14.06, 78.75, { town: true }),
  P('Madanapalle', 'మదనపల్లె', 'annamayya', 13.55, 78.5, { town: true }),
  P('Rajampet', 'రాజంపేట', 'annamayya', 14.19, 79.16, { town: true }),
  P('Tirupati', 'తిరుపతి', 'tirupati', 13.63, 79.42, { town: true }),
  P('Srikalahasti', 'శ్రీకాళహస్తి', 'tirupati', 13.75, 79.7, { town: true }),
  P('Gudur', 'గూడూరు', 'tirupati', 14.15, 79.85, { town: true }),
  P('Sullurpeta', 'సూళ్లూరుపేట', 'tirupati', 13.7, 80.02, { coastal: true, town: true }),
  P('Chittoor', 'చిత్తూరు', 'chittoor', 13.22, 79.1, { town: true }),
  P('Palamaner', 'పలమనేరు', 'chittoor', 13.2, 78.75, { town: true }),
  P('Punganur', 'పుంగనూరు', 'chittoor', 13.37, 78.57, { town: true }),
  P('Kuppam', 'కుప్పం', 'chittoor', 12.75, 78.34, { town: true }),
];

/** "16.51,80.65" as a place; undefined when it is not a location. */
export function parseLatLon(text: string): { lat: number; lon: number } | undefined {
  const m = /^(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)$/.exec(text.trim());
  if (!m) return undefined;
  return { lat: Number(m[1]), lon: Number(m[2]) };
}

/** A location as the platform sends it in a body ({ latitude, longitude }) or a query ("lat,lon"). */
export function locationOf(value: unknown): { lat: number; lon: number } | undefined {
  if (typeof value === 'string') return parseLatLon(value);
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    const lat = Number(v.latitude ?? v.lat);
    const lon = Number(v.longitude ?? v.lon ?? v.lng);
    if (Number.isFinite(lat) && Number.isFinite(lon)) return { lat, lon };
  }
  return undefined;
}

/** The state's bounding box, in degrees. */
const AP = { south: 12.6, north: 19.2, west: 76.7, east: 84.8 };

export const insideAndhra = (lat: number, lon: number): boolean => lat >= AP.south && lat <= AP.north && lon >= AP.west && lon <= AP.east;

/** A location (body or query form) inside Andhra Pradesh; false for anything that is not a location. */
export function inAndhra(value: unknown): boolean {
  const at = locationOf(value);
  return at !== undefined && insideAndhra(at.lat, at.lon);
}

/** The nearest mandal town and how far it is, in km. */
export function nearest(lat: number, lon: number): { place: Place; km: number } {
  let best = PLACES[0]!;
  let bestKm = Infinity;
  for (const place of PLACES) {
    const dy = (place.lat - lat) * 111;
    const dx = (place.lon - lon) * 111 * Math.cos((lat * Math.PI) / 180);
    const km = Math.sqrt(dx * dx + dy * dy);
    if (km < bestKm) {
      best = place;
      bestKm = km;
    }
  }
  return { place: best, km: bestKm };
}
