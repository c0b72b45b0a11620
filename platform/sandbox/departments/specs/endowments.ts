/**
 * The Endowments department's sandbox backend, behind a bearer token: the major temples of
 * Andhra Pradesh (TTD's and the Endowments department's), their darshan timings, dress code and
 * festivals, how to reach them, and complaints about a temple's facilities, queues or staff.
 *
 * Test keys: temples are named by their choice id (tirumala, srisailam, kanaka_durga, …); any
 * other id is no temple (404). Complaints get numbers like END/GR/2026/000123.
 */
import { DISTRICTS, FULL_NAMES } from '../desk/places';
import { refusal, type DeskSpec, type Localized } from '../desk/spec';

const L = (en: string, te: string): Localized => ({ en, te });

const COMPLAINT_TYPES = ['long_queue', 'overcharging', 'touts', 'staff_behaviour', 'drinking_water', 'toilets_cleanliness', 'rooms', 'prasadam_quality', 'annadanam', 'online_booking', 'parking_transport', 'safety', 'other'];

const DRESS = L(
  'Traditional. Men: dhoti or pyjama with an upper cloth; women: saree, half-saree or churidar with dupatta. No shorts or sleeveless wear.',
  'సంప్రదాయ దుస్తులు. పురుషులు: పంచె లేదా పైజామాతో పై వస్త్రం; మహిళలు: చీర, లంగా-ఓణీ లేదా దుపట్టాతో చుడీదార్. షార్ట్స్, స్లీవ్‌లెస్ దుస్తులు అనుమతించరు.',
);
const TTD_SITE = 'ttdevasthanams.ap.gov.in';
const AP_TEMPLES_SITE = 'aptemples.ap.gov.in';

/** A temple's district as its address names it ("Tirupati district"), by its full name where the catalog gives one. */
function inDistrict(id: string): Localized {
  const name = FULL_NAMES[id] ?? DISTRICTS[id]!;
  return L(`${name.en} district`, `${name.te} జిల్లా`);
}

interface Temple {
  name: Localized;
  district: Localized;
  about: Localized;
  reach: Localized;
  timings: Localized;
  festivals: Localized;
  /** Said after the dress code, where a temple insists on it for something. */
  dress?: Localized;
  /** The free darshan queue's usual wait, in minutes. */
  wait: [number, number];
  site: string;
}

const TWO_SESSIONS = (a: string, b: string, c: string, d: string, ta: string, tb: string, tc: string, td: string) =>
  L(`Darshan ${a} to ${b} and ${c} to ${d}`, `దర్శనం ${ta} నుంచి ${tb} వరకు, ${tc} నుంచి ${td} వరకు`);

const TEMPLES: Record<string, Temple> = {
  tirumala: {
    name: L('Sri Venkateswara Swamy temple, Tirumala', 'శ్రీ వేంకటేశ్వర స్వామి ఆలయం, తిరుమల'),
    district: inDistrict('tirupati'),
    about: L(
      'The abode of Lord Venkateswara on the seven hills of Seshachalam, run by Tirumala Tirupati Devasthanams (TTD).',
      'శేషాచల సప్తగిరులపై కొలువైన శ్రీ వేంకటేశ్వరుని దివ్యక్షేత్రం; తిరుమల తిరుపతి దేవస్థానం (టీటీడీ) నిర్వహణలో ఉంది.',
    ),
    reach: L(
      'Tirupati railway station and bus station are 22 km away; APSRTC buses climb the ghat road round the clock, and the Alipiri and Srivari Mettu footpaths lead up the hill. Tirupati airport (Renigunta) is 40 km.',
      'తిరుపతి రైల్వే స్టేషన్, బస్‌స్టేషన్ నుంచి 22 కి.మీ.; ఘాట్ రోడ్డులో ఏపీఎస్‌ఆర్టీసీ బస్సులు నిరంతరం నడుస్తాయి; అలిపిరి, శ్రీవారి మెట్టు కాలిబాటల ద్వారా కూడా కొండకు చేరవచ్చు. తిరుపతి (రేణిగుంట) విమానాశ్రయం 40 కి.మీ.',
    ),
    timings: L(
      'Suprabhatam at 3:00 AM\nDarshan from about 3:30 AM to 11:30 PM, with breaks for sevas and naivedyam\nEkantha seva around midnight',
      'సుప్రభాతం తెల్లవారుజామున 3:00కి\nదర్శనం సుమారు తెల్లవారుజామున 3:30 నుంచి రాత్రి 11:30 వరకు; సేవలు, నైవేద్యం సమయంలో విరామం\nఏకాంత సేవ అర్ధరాత్రి వేళ',
    ),
    festivals: L('Srivari Brahmotsavams (Sep–Oct), Vaikuntha Ekadasi (Dec–Jan), Ratha Saptami (Jan–Feb)', 'శ్రీవారి బ్రహ్మోత్సవాలు (సెప్టెంబర్–అక్టోబర్), వైకుంఠ ఏకాదశి (డిసెంబర్–జనవరి), రథసప్తమి (జనవరి–ఫిబ్రవరి)'),
    dress: L('Required for Arjitha sevas and special entry darshan.', 'ఆర్జిత సేవలు, ప్రత్యేక ప్రవేశ దర్శనానికి తప్పనిసరి.'),
    wait: [360, 1440],
    site: TTD_SITE,
  },
  tiruchanur: {
    name: L('Sri Padmavathi Ammavari temple, Tiruchanur', 'శ్రీ పద్మావతి అమ్మవారి ఆలయం, తిరుచానూరు'),
    district: inDistrict('tirupati'),
    about: L(
      'The temple of Goddess Padmavathi, consort of Lord Venkateswara; pilgrims to Tirumala traditionally visit her too. Run by TTD.',
      'శ్రీ వేంకటేశ్వరుని దేవేరి శ్రీ పద్మావతి అమ్మవారి ఆలయం; తిరుమల యాత్రలో అమ్మవారిని దర్శించుకోవడం ఆనవాయితీ. టీటీడీ నిర్వహణలో ఉంది.',
    ),
    reach: L('5 km from Tirupati railway station; city buses and autos from Tirupati.', 'తిరుపతి రైల్వే స్టేషన్ నుంచి 5 కి.మీ.; తిరుపతి నుంచి సిటీ బస్సులు, ఆటోలు ఉన్నాయి.'),
    timings: L(
      'Temple opens at 4:30 AM with Suprabhatam\nDarshan 5:30 AM to 9:30 PM, with a short break at noon for naivedyam',
      'తెల్లవారుజామున 4:30కి సుప్రభాతంతో ఆలయం తెరుస్తారు\nదర్శనం ఉదయం 5:30 నుంచి రాత్రి 9:30 వరకు; మధ్యాహ్నం నైవేద్యానికి కొద్దిసేపు విరామం',
    ),
    festivals: L('Karthika Brahmotsavams ending with Panchami Theertham (Nov–Dec), Varalakshmi Vratam (Aug)', 'పంచమీ తీర్థంతో ముగిసే కార్తీక బ్రహ్మోత్సవాలు (నవంబర్–డిసెంబర్), వరలక్ష్మీ వ్రతం (ఆగస్టు)'),
    wait: [45, 180],
    site: TTD_SITE,
  },
  srisailam: {
    name: L('Sri Bhramaramba Mallikarjuna Swamy temple, Srisailam', 'శ్రీ భ్రమరాంబ మల్లికార్జున స్వామి ఆలయం, శ్రీశైలం'),
    district: inDistrict('nandyal'),
    about: L(
      'One of the twelve Jyotirlingas and one of the eighteen Shakti Peethas, on the Nallamala hills above the Krishna river.',
      'ద్వాదశ జ్యోతిర్లింగాలలో ఒకటి, అష్టాదశ శక్తిపీఠాలలో ఒకటి; కృష్ణా నది ఒడ్డున నల్లమల కొండలపై ఉంది.',
    ),
    reach: L(
      'No railway: the nearest stations are Markapur Road (85 km) and Kurnool (180 km). APSRTC buses run from Kurnool, Vijayawada and Hyderabad. The forest ghat road is closed from 9 PM to 6 AM.',
      'రైలు మార్గం లేదు: సమీప స్టేషన్లు మార్కాపురం రోడ్ (85 కి.మీ.), కర్నూలు (180 కి.మీ.). కర్నూలు, విజయవాడ, హైదరాబాద్ నుంచి ఏపీఎస్‌ఆర్టీసీ బస్సులు ఉన్నాయి. అటవీ ఘాట్ రోడ్డు రాత్రి 9 నుంచి ఉదయం 6 వరకు మూసి ఉంటుంది.',
    ),
    timings: L(
      'Temple opens at 4:30 AM with Mangala vaidyam and Suprabhatam\nDarshan 6:00 AM to 3:30 PM and 6:00 PM to 10:00 PM\nSparsha darshan in fixed slots only: book in advance',
      'తెల్లవారుజామున 4:30కి మంగళవాయిద్యాలు, సుప్రభాతంతో ఆలయం తెరుస్తారు\nదర్శనం ఉదయం 6:00 నుంచి మధ్యాహ్నం 3:30 వరకు, సాయంత్రం 6:00 నుంచి రాత్రి 10:00 వరకు\nస్పర్శ దర్శనం నిర్ణీత స్లాట్లలో మాత్రమే: ముందుగా బుక్ చేసుకోండి',
    ),
    festivals: L('Maha Shivaratri Brahmotsavams (Feb–Mar), Ugadi Mahotsavams (Mar–Apr), Karthika Masam (Oct–Nov)', 'మహాశివరాత్రి బ్రహ్మోత్సవాలు (ఫిబ్రవరి–మార్చి), ఉగాది మహోత్సవాలు (మార్చి–ఏప్రిల్), కార్తీక మాసం (అక్టోబర్–నవంబర్)'),
    dress: L('Required for sparsha darshan and abhishekam.', 'స్పర్శ దర్శనం, అభిషేకానికి తప్పనిసరి.'),
    wait: [90, 360],
    site: AP_TEMPLES_SITE,
  },
  kanaka_durga: {
    name: L('Sri Durga Malleswara Swamy varla Devasthanam (Kanaka Durga temple), Vijayawada', 'శ్రీ దుర్గా మల్లేశ్వర స్వామి వార్ల దేవస్థానం (కనకదుర్గ ఆలయం), విజయవాడ'),
    district: inDistrict('ntr'),
    about: L(
      'Goddess Kanaka Durga, self-manifested on Indrakeeladri hill by the Krishna river, with Lord Malleswara Swamy.',
      'కృష్ణా నది ఒడ్డున ఇంద్రకీలాద్రిపై స్వయంభువుగా వెలసిన కనకదుర్గమ్మ, శ్రీ మల్లేశ్వర స్వామితో కొలువై ఉన్న క్షేత్రం.',
    ),
    reach: L(
      '2 km from Vijayawada railway station and 3 km from Pandit Nehru bus station; a ghat road and steps lead up the hill. Vijayawada airport (Gannavaram) is 20 km.',
      'విజయవాడ రైల్వే స్టేషన్ నుంచి 2 కి.మీ., పండిట్ నెహ్రూ బస్‌స్టేషన్ నుంచి 3 కి.మీ.; కొండపైకి ఘాట్ రోడ్డు, మెట్ల దారి ఉన్నాయి. విజయవాడ (గన్నవరం) విమానాశ్రయం 20 కి.మీ.',
    ),
    timings: L('Darshan 5:00 AM to 9:00 PM\nBreak from about 11:30 AM to 12:00 noon for Mahanivedana', 'దర్శనం ఉదయం 5:00 నుంచి రాత్రి 9:00 వరకు\nమహానివేదన కోసం ఉదయం సుమారు 11:30 నుంచి మధ్యాహ్నం 12:00 వరకు విరామం'),
    festivals: L('Dasara Sharannavaratri (Sep–Oct), Bhavani Deeksha (Dec–Jan), Shakambari utsavam (Jun–Jul)', 'దసరా శరన్నవరాత్రులు (సెప్టెంబర్–అక్టోబర్), భవానీ దీక్షలు (డిసెంబర్–జనవరి), శాకంబరీ ఉత్సవాలు (జూన్–జూలై)'),
    wait: [60, 240],
    site: AP_TEMPLES_SITE,
  },
  simhachalam: {
    name: L('Sri Varaha Lakshmi Narasimha Swamy temple, Simhachalam', 'శ్రీ వరాహ లక్ష్మీ నృసింహ స్వామి ఆలయం, సింహాచలం'),
    district: inDistrict('visakhapatnam'),
    about: L(
      'On Simhachalam hill; the deity stays covered in sandalwood paste all year, except on Chandanotsavam, when the true form (nija roopam) is seen.',
      'సింహగిరిపై వెలసిన స్వామి; ఏడాదంతా చందనంతో కప్పి ఉంటారు, చందనోత్సవం రోజున మాత్రమే నిజరూప దర్శనం లభిస్తుంది.',
    ),
    reach: L(
      '16 km from Visakhapatnam railway station; city buses go to the foot of the hill and devasthanam buses up the ghat road. Visakhapatnam airport is 12 km.',
      'విశాఖపట్నం రైల్వే స్టేషన్ నుంచి 16 కి.మీ.; కొండ దిగువ వరకు సిటీ బస్సులు, ఘాట్ రోడ్డులో దేవస్థానం బస్సులు ఉన్నాయి. విశాఖ విమానాశ్రయం 12 కి.మీ.',
    ),
    timings: L(
      'Suprabhatam at 4:00 AM\nDarshan 6:30 AM to 9:00 PM, with short breaks at about 11:30 AM and 4:00 PM for naivedyam',
      'సుప్రభాతం తెల్లవారుజామున 4:00కి\nదర్శనం ఉదయం 6:30 నుంచి రాత్రి 9:00 వరకు; నైవేద్యం కోసం ఉదయం 11:30, సాయంత్రం 4:00 ప్రాంతంలో కొద్దిసేపు విరామం',
    ),
    festivals: L('Chandanotsavam, nija roopa darshan on Akshaya Tritiya (Apr–May), Kalyanotsavam (Mar–Apr), Giri Pradakshina (Jul)', 'చందనోత్సవం – అక్షయ తృతీయ నాడు నిజరూప దర్శనం (ఏప్రిల్–మే), కళ్యాణోత్సవం (మార్చి–ఏప్రిల్), గిరి ప్రదక్షిణ (జూలై)'),
    wait: [45, 180],
    site: AP_TEMPLES_SITE,
  },
  annavaram: {
    name: L('Sri Veera Venkata Satyanarayana Swamy temple, Annavaram', 'శ్రీ వీర వేంకట సత్యనారాయణ స్వామి ఆలయం, అన్నవరం'),
    district: inDistrict('kakinada'),
    about: L(
      'On Ratnagiri hill by the Pampa river; families come to perform the Satyanarayana vratham, most of all after weddings.',
      'పంపా నది ఒడ్డున రత్నగిరిపై వెలసిన స్వామి; ముఖ్యంగా వివాహాల తర్వాత కుటుంబాలు ఇక్కడ సత్యనారాయణ వ్రతం చేసుకుంటాయి.',
    ),
    reach: L(
      'Annavaram railway station on the Vijayawada–Visakhapatnam line is 3 km away; buses from Kakinada (45 km) and Rajamahendravaram (80 km).',
      'విజయవాడ–విశాఖపట్నం మార్గంలోని అన్నవరం రైల్వే స్టేషన్ 3 కి.మీ.; కాకినాడ (45 కి.మీ.), రాజమహేంద్రవరం (80 కి.మీ.) నుంచి బస్సులు ఉన్నాయి.',
    ),
    timings: L(
      'Temple opens at 5:00 AM\nDarshan 6:00 AM to 9:00 PM\nSatyanarayana vratham in batches from 6:00 AM through the day',
      'ఉదయం 5:00కి ఆలయం తెరుస్తారు\nదర్శనం ఉదయం 6:00 నుంచి రాత్రి 9:00 వరకు\nసత్యనారాయణ వ్రతాలు ఉదయం 6:00 నుంచి రోజంతా బ్యాచ్‌లుగా',
    ),
    festivals: L('Swamy’s Kalyanotsavam (Vaisakha, Apr–May), Karthika Masam (Oct–Nov)', 'స్వామివారి కళ్యాణోత్సవం (వైశాఖం, ఏప్రిల్–మే), కార్తీక మాసం (అక్టోబర్–నవంబర్)'),
    wait: [45, 150],
    site: AP_TEMPLES_SITE,
  },
  srikalahasti: {
    name: L('Sri Kalahasteeswara Swamy temple, Srikalahasti', 'శ్రీ కాళహస్తీశ్వర స్వామి ఆలయం, శ్రీకాళహస్తి'),
    district: inDistrict('tirupati'),
    about: L('The Vayu lingam among the Pancha Bhoota Sthalas, on the Swarnamukhi river; known for the Rahu-Ketu pooja.', 'పంచభూత క్షేత్రాలలో వాయులింగ క్షేత్రం, స్వర్ణముఖి నది ఒడ్డున ఉంది; రాహు-కేతు పూజలకు ప్రసిద్ధి.'),
    reach: L(
      'Srikalahasti railway station is 2 km away; 36 km from Tirupati by bus; Tirupati airport (Renigunta) is 25 km.',
      'శ్రీకాళహస్తి రైల్వే స్టేషన్ 2 కి.మీ.; తిరుపతి నుంచి బస్సులో 36 కి.మీ.; తిరుపతి (రేణిగుంట) విమానాశ్రయం 25 కి.మీ.',
    ),
    timings: L(
      'Darshan 6:00 AM to 9:00 PM\nRahu-Ketu pooja 6:30 AM to 8:00 PM in batches\nThe temple stays open during eclipses',
      'దర్శనం ఉదయం 6:00 నుంచి రాత్రి 9:00 వరకు\nరాహు-కేతు పూజలు ఉదయం 6:30 నుంచి రాత్రి 8:00 వరకు బ్యాచ్‌లుగా\nగ్రహణ సమయంలోనూ ఆలయం తెరిచే ఉంటుంది',
    ),
    festivals: L('Maha Shivaratri Brahmotsavams (Feb–Mar), Karthika Masam (Oct–Nov)', 'మహాశివరాత్రి బ్రహ్మోత్సవాలు (ఫిబ్రవరి–మార్చి), కార్తీక మాసం (అక్టోబర్–నవంబర్)'),
    wait: [45, 150],
    site: AP_TEMPLES_SITE,
  },
  dwaraka_tirumala: {
    name: L('Sri Venkateswara Swamy temple, Dwaraka Tirumala (Chinna Tirupati)', 'శ్రీ వేంకటేశ్వర స్వామి ఆలయం, ద్వారకా తిరుమల (చిన్న తిరుపతి)'),
    district: inDistrict('eluru'),
    about: L(
      'A self-manifested Lord Venkateswara, found by the sage Dwaraka; many fulfil here the vows they made to the Lord of Tirumala.',
      'ద్వారకా మహర్షి తపస్సుకు మెచ్చి స్వయంభువుగా వెలసిన శ్రీ వేంకటేశ్వరుడు; తిరుమల స్వామికి చేసిన మొక్కులను ఇక్కడ తీర్చుకునేవారు ఎందరో.',
    ),
    reach: L(
      '42 km from Eluru; the nearest railway station is Bhimadolu (15 km); buses from Eluru and Jangareddygudem.',
      'ఏలూరు నుంచి 42 కి.మీ.; సమీప రైల్వే స్టేషన్ భీమడోలు (15 కి.మీ.); ఏలూరు, జంగారెడ్డిగూడెం నుంచి బస్సులు ఉన్నాయి.',
    ),
    timings: TWO_SESSIONS('6:00 AM', '1:00 PM', '3:00 PM', '9:00 PM', 'ఉదయం 6:00', 'మధ్యాహ్నం 1:00', 'మధ్యాహ్నం 3:00', 'రాత్రి 9:00'),
    festivals: L('Two Brahmotsavams a year: Vaisakha (Apr–May) and Aswayuja (Sep–Oct)', 'ఏటా రెండు బ్రహ్మోత్సవాలు: వైశాఖం (ఏప్రిల్–మే), ఆశ్వయుజం (సెప్టెంబర్–అక్టోబర్)'),
    wait: [45, 150],
    site: AP_TEMPLES_SITE,
  },
  kanipakam: {
    name: L('Sri Varasiddhi Vinayaka Swamy temple, Kanipakam', 'శ్రీ వరసిద్ధి వినాయక స్వామి ఆలయం, కాణిపాకం'),
    district: inDistrict('chittoor'),
    about: L(
      'Lord Vinayaka, self-manifested in a well by the Bahuda river; oaths sworn before him are held sacred.',
      'బాహుదా నది ఒడ్డున బావిలో స్వయంభువుగా వెలసిన వినాయకుడు; స్వామి ఎదుట చేసే ప్రమాణాలను పవిత్రంగా భావిస్తారు.',
    ),
    reach: L('12 km from Chittoor and 70 km from Tirupati; buses from both.', 'చిత్తూరు నుంచి 12 కి.మీ., తిరుపతి నుంచి 70 కి.మీ.; రెండు చోట్ల నుంచీ బస్సులు ఉన్నాయి.'),
    timings: L('Temple opens at 4:00 AM\nDarshan 5:00 AM to 9:30 PM', 'తెల్లవారుజామున 4:00కి ఆలయం తెరుస్తారు\nదర్శనం ఉదయం 5:00 నుంచి రాత్రి 9:30 వరకు'),
    festivals: L('21-day Brahmotsavams from Vinayaka Chavithi (Aug–Sep)', 'వినాయక చవితి నుంచి 21 రోజుల బ్రహ్మోత్సవాలు (ఆగస్టు–సెప్టెంబర్)'),
    wait: [45, 150],
    site: AP_TEMPLES_SITE,
  },
  mahanandi: {
    name: L('Sri Mahanandeeswara Swamy temple, Mahanandi', 'శ్రీ మహానందీశ్వర స్వామి ఆలయం, మహానంది'),
    district: inDistrict('nandyal'),
    about: L(
      'Chief of the Nava Nandi shrines at the foot of the Nallamala hills, with spring-fed pools of crystal-clear water.',
      'నల్లమల కొండల పాదాల వద్ద నవనందులలో ప్రధాన క్షేత్రం; స్వచ్ఛమైన నీటి బుగ్గల కోనేరులు ఇక్కడి ప్రత్యేకత.',
    ),
    reach: L('16 km from Nandyal railway station; buses from Nandyal.', 'నంద్యాల రైల్వే స్టేషన్ నుంచి 16 కి.మీ.; నంద్యాల నుంచి బస్సులు ఉన్నాయి.'),
    timings: TWO_SESSIONS('5:30 AM', '1:00 PM', '3:00 PM', '9:00 PM', 'ఉదయం 5:30', 'మధ్యాహ్నం 1:00', 'మధ్యాహ్నం 3:00', 'రాత్రి 9:00'),
    festivals: L('Maha Shivaratri (Feb–Mar), Karthika Masam (Oct–Nov)', 'మహాశివరాత్రి (ఫిబ్రవరి–మార్చి), కార్తీక మాసం (అక్టోబర్–నవంబర్)'),
    wait: [20, 60],
    site: AP_TEMPLES_SITE,
  },
  ahobilam: {
    name: L('Sri Lakshmi Narasimha Swamy temples, Ahobilam', 'శ్రీ లక్ష్మీ నరసింహ స్వామి ఆలయాలు, అహోబిలం'),
    district: inDistrict('nandyal'),
    about: L(
      'The nine shrines of Lord Narasimha (Nava Narasimha) in the Nallamala forest, where the Lord is believed to have appeared to slay Hiranyakasipu.',
      'హిరణ్యకశిపుని సంహరించేందుకు నరసింహస్వామి అవతరించిన క్షేత్రంగా భావించే, నల్లమల అడవిలోని నవ నరసింహ ఆలయాలు.',
    ),
    reach: L(
      'Buses from Allagadda (24 km) and Nandyal (70 km); jeeps from Lower Ahobilam to the forest shrines.',
      'ఆళ్లగడ్డ (24 కి.మీ.), నంద్యాల (70 కి.మీ.) నుంచి బస్సులు; దిగువ అహోబిలం నుంచి అటవీ ఆలయాలకు జీపులు ఉన్నాయి.',
    ),
    timings: L(
      'Lower Ahobilam: 6:30 AM to 1:00 PM and 3:00 PM to 8:00 PM\nUpper Ahobilam: 7:00 AM to 1:00 PM and 2:00 PM to 6:00 PM',
      'దిగువ అహోబిలం: ఉదయం 6:30 నుంచి మధ్యాహ్నం 1:00 వరకు, మధ్యాహ్నం 3:00 నుంచి రాత్రి 8:00 వరకు\nఎగువ అహోబిలం: ఉదయం 7:00 నుంచి మధ్యాహ్నం 1:00 వరకు, మధ్యాహ్నం 2:00 నుంచి సాయంత్రం 6:00 వరకు',
    ),
    festivals: L('Brahmotsavams (Feb–Mar), Parveta utsavam after Sankranti (Jan–Feb)', 'బ్రహ్మోత్సవాలు (ఫిబ్రవరి–మార్చి), సంక్రాంతి తర్వాత పారువేట ఉత్సవం (జనవరి–ఫిబ్రవరి)'),
    wait: [20, 60],
    site: AP_TEMPLES_SITE,
  },
  arasavalli: {
    name: L('Sri Suryanarayana Swamy temple, Arasavalli', 'శ్రీ సూర్యనారాయణ స్వామి ఆలయం, అరసవల్లి'),
    district: inDistrict('srikakulam'),
    about: L(
      'One of the few ancient Sun temples in India; in March and October the morning sun falls on the deity’s feet.',
      'దేశంలోని అతి కొద్ది ప్రాచీన సూర్య దేవాలయాలలో ఒకటి; మార్చి, అక్టోబర్ నెలల్లో ఉదయపు సూర్యకిరణాలు స్వామి పాదాలను తాకుతాయి.',
    ),
    reach: L('3 km from Srikakulam town; Srikakulam Road (Amadalavalasa) railway station is 13 km.', 'శ్రీకాకుళం పట్టణం నుంచి 3 కి.మీ.; శ్రీకాకుళం రోడ్ (ఆమదాలవలస) రైల్వే స్టేషన్ 13 కి.మీ.'),
    timings: TWO_SESSIONS('6:00 AM', '12:30 PM', '3:30 PM', '8:00 PM', 'ఉదయం 6:00', 'మధ్యాహ్నం 12:30', 'మధ్యాహ్నం 3:30', 'రాత్రి 8:00'),
    festivals: L('Ratha Saptami (Jan–Feb)', 'రథసప్తమి (జనవరి–ఫిబ్రవరి)'),
    wait: [30, 120],
    site: AP_TEMPLES_SITE,
  },
  srikurmam: {
    name: L('Sri Kurmanatha Swamy temple, Srikurmam', 'శ్రీ కూర్మనాథ స్వామి ఆలయం, శ్రీకూర్మం'),
    district: inDistrict('srikakulam'),
    about: L(
      'The only temple of Lord Vishnu’s Kurma (tortoise) incarnation, with 108 carved pillars and a home for tortoises.',
      'శ్రీ మహావిష్ణువు కూర్మావతారానికి ఉన్న ఏకైక ఆలయం; 108 శిల్ప స్తంభాలు, తాబేళ్ల సంరక్షణ కేంద్రం ఇక్కడ ఉన్నాయి.',
    ),
    reach: L('15 km from Srikakulam; buses from Srikakulam.', 'శ్రీకాకుళం నుంచి 15 కి.మీ.; శ్రీకాకుళం నుంచి బస్సులు ఉన్నాయి.'),
    timings: TWO_SESSIONS('6:00 AM', '12:00 noon', '4:00 PM', '8:00 PM', 'ఉదయం 6:00', 'మధ్యాహ్నం 12:00', 'సాయంత్రం 4:00', 'రాత్రి 8:00'),
    festivals: L('Dolotsavam on Phalguna Pournami (Mar)', 'ఫాల్గుణ పౌర్ణమి డోలోత్సవం (మార్చి)'),
    wait: [15, 45],
    site: AP_TEMPLES_SITE,
  },
  vadapalli: {
    name: L('Sri Venkateswara Swamy temple, Vadapalli', 'శ్రీ వేంకటేశ్వర స్వామి ఆలయం, వాడపల్లి'),
    district: inDistrict('konaseema'),
    about: L('On the banks of the Godavari; devotees come on seven Saturdays to fulfil their vows.', 'గోదావరి ఒడ్డున వెలసిన స్వామి; ఏడు శనివారాల మొక్కుతో భక్తులు దర్శించుకుంటారు.'),
    reach: L('About 10 km from Ravulapalem; buses from Rajamahendravaram (40 km) and Ravulapalem.', 'రావులపాలెం నుంచి సుమారు 10 కి.మీ.; రాజమహేంద్రవరం (40 కి.మీ.), రావులపాలెం నుంచి బస్సులు ఉన్నాయి.'),
    timings: L(
      'Darshan 6:00 AM to 1:00 PM and 3:00 PM to 9:00 PM\nVery crowded on Saturdays',
      'దర్శనం ఉదయం 6:00 నుంచి మధ్యాహ్నం 1:00 వరకు, మధ్యాహ్నం 3:00 నుంచి రాత్రి 9:00 వరకు\nశనివారాల్లో భక్తుల రద్దీ ఎక్కువ',
    ),
    festivals: L('Brahmotsavams and Kalyanam (Chaitra, Mar–Apr)', 'బ్రహ్మోత్సవాలు, కళ్యాణం (చైత్రం, మార్చి–ఏప్రిల్)'),
    wait: [60, 180],
    site: AP_TEMPLES_SITE,
  },
  antarvedi: {
    name: L('Sri Lakshmi Narasimha Swamy temple, Antarvedi', 'శ్రీ లక్ష్మీ నరసింహ స్వామి ఆలయం, అంతర్వేది'),
    district: inDistrict('konaseema'),
    about: L(
      'Where the Vasishta Godavari meets the Bay of Bengal; pilgrims bathe at the confluence (Sagara Sangamam).',
      'వశిష్ట గోదావరి బంగాళాఖాతంలో కలిసే చోట వెలసిన క్షేత్రం; భక్తులు సాగర సంగమంలో పుణ్యస్నానం చేస్తారు.',
    ),
    reach: L('Buses from Razole and Sakhinetipalli; from Narsapur, cross the Godavari by ferry.', 'రాజోలు, సఖినేటిపల్లి నుంచి బస్సులు; నరసాపురం నుంచి గోదావరిని పంటుపై దాటాలి.'),
    timings: TWO_SESSIONS('6:00 AM', '12:30 PM', '3:00 PM', '8:00 PM', 'ఉదయం 6:00', 'మధ్యాహ్నం 12:30', 'మధ్యాహ్నం 3:00', 'రాత్రి 8:00'),
    festivals: L('Kalyanotsavam and Rathotsavam around Bhishma Ekadasi (Magha, Jan–Feb)', 'భీష్మ ఏకాదశి సందర్భంగా కళ్యాణోత్సవం, రథోత్సవం (మాఘం, జనవరి–ఫిబ్రవరి)'),
    wait: [30, 90],
    site: AP_TEMPLES_SITE,
  },
  draksharamam: {
    name: L('Sri Bhimeswara Swamy temple, Draksharamam', 'శ్రీ భీమేశ్వర స్వామి ఆలయం, ద్రాక్షారామం'),
    district: inDistrict('konaseema'),
    about: L(
      'One of the five Pancharama kshetras, with Goddess Manikyamba, one of the Shakti Peethas.',
      'పంచారామ క్షేత్రాలలో ఒకటి; శక్తిపీఠాలలో ఒకటైన శ్రీ మాణిక్యాంబ అమ్మవారు ఇక్కడ కొలువై ఉన్నారు.',
    ),
    reach: L('7 km from Ramachandrapuram; buses from Kakinada (30 km) and Rajamahendravaram (50 km).', 'రామచంద్రపురం నుంచి 7 కి.మీ.; కాకినాడ (30 కి.మీ.), రాజమహేంద్రవరం (50 కి.మీ.) నుంచి బస్సులు ఉన్నాయి.'),
    timings: TWO_SESSIONS('6:00 AM', '12:00 noon', '3:00 PM', '8:00 PM', 'ఉదయం 6:00', 'మధ్యాహ్నం 12:00', 'మధ్యాహ్నం 3:00', 'రాత్రి 8:00'),
    festivals: L('Maha Shivaratri (Feb–Mar), Karthika Masam (Oct–Nov)', 'మహాశివరాత్రి (ఫిబ్రవరి–మార్చి), కార్తీక మాసం (అక్టోబర్–నవంబర్)'),
    wait: [20, 60],
    site: AP_TEMPLES_SITE,
  },
  mangalagiri: {
    name: L('Sri Panakala Lakshmi Narasimha Swamy temple, Mangalagiri', 'శ్రీ పానకాల లక్ష్మీ నరసింహ స్వామి ఆలయం, మంగళగిరి'),
    district: inDistrict('guntur'),
    about: L(
      'On the hill the Lord accepts panakam (jaggery water), taking half of each offering; the Lakshmi Narasimha temple stands at the foot of the hill.',
      'కొండపై స్వామి పానకాన్ని స్వీకరిస్తారు, ప్రతి సమర్పణలో సగమే తీసుకుంటారని విశ్వాసం; కొండ దిగువన శ్రీ లక్ష్మీ నరసింహ స్వామి ఆలయం ఉంది.',
    ),
    reach: L(
      'Mangalagiri railway station is 1 km away; buses from Vijayawada (12 km) and Guntur (20 km).',
      'మంగళగిరి రైల్వే స్టేషన్ 1 కి.మీ.; విజయవాడ (12 కి.మీ.), గుంటూరు (20 కి.మీ.) నుంచి బస్సులు ఉన్నాయి.',
    ),
    timings: L(
      'Hill temple (Panakala Swamy): 7:00 AM to 3:00 PM only\nLower temple: 5:00 AM to 12:30 PM and 4:00 PM to 8:30 PM',
      'కొండపై పానకాల స్వామి: ఉదయం 7:00 నుంచి మధ్యాహ్నం 3:00 వరకు మాత్రమే\nదిగువ ఆలయం: ఉదయం 5:00 నుంచి మధ్యాహ్నం 12:30 వరకు, సాయంత్రం 4:00 నుంచి రాత్రి 8:30 వరకు',
    ),
    festivals: L('Brahmotsavams (Phalguna, Feb–Mar), Narasimha Jayanti (Apr–May)', 'బ్రహ్మోత్సవాలు (ఫాల్గుణం, ఫిబ్రవరి–మార్చి), నరసింహ జయంతి (ఏప్రిల్–మే)'),
    wait: [30, 90],
    site: AP_TEMPLES_SITE,
  },
  mopidevi: {
    name: L('Sri Subrahmanyeswara Swamy temple, Mopidevi', 'శ్రీ సుబ్రహ్మణ్యేశ్వర స్వామి ఆలయం, మోపిదేవి'),
    district: inDistrict('krishna'),
    about: L(
      'Lord Subrahmanya worshipped in the form of a serpent; couples come with vows for children and for relief from naga dosham.',
      'సర్పరూపంలో పూజలందుకునే శ్రీ సుబ్రహ్మణ్యేశ్వర స్వామి; సంతానం కోసం, నాగదోష నివారణ కోసం దంపతులు మొక్కులు తీర్చుకుంటారు.',
    ),
    reach: L('Buses from Vijayawada (70 km) and Machilipatnam (35 km).', 'విజయవాడ (70 కి.మీ.), మచిలీపట్నం (35 కి.మీ.) నుంచి బస్సులు ఉన్నాయి.'),
    timings: L(
      'Darshan 5:30 AM to 1:00 PM and 3:00 PM to 8:30 PM\nBusy on Tuesdays and Sundays',
      'దర్శనం ఉదయం 5:30 నుంచి మధ్యాహ్నం 1:00 వరకు, మధ్యాహ్నం 3:00 నుంచి రాత్రి 8:30 వరకు\nమంగళ, ఆదివారాల్లో రద్దీ ఎక్కువ',
    ),
    festivals: L('Subrahmanya Shashti (Nov–Dec), Naga Panchami (Jul–Aug)', 'సుబ్రహ్మణ్య షష్ఠి (నవంబర్–డిసెంబర్), నాగ పంచమి (జూలై–ఆగస్టు)'),
    wait: [30, 90],
    site: AP_TEMPLES_SITE,
  },
  kotappakonda: {
    name: L('Sri Trikoteswara Swamy temple, Kotappakonda', 'శ్రీ త్రికోటేశ్వర స్వామి ఆలయం, కోటప్పకొండ'),
    district: inDistrict('palnadu'),
    about: L(
      'A hill temple of Lord Shiva near Narasaraopet; on Maha Shivaratri, villages bring towering decorated prabhalu.',
      'నరసరావుపేట సమీపంలోని కొండపై శివాలయం; మహాశివరాత్రి నాడు గ్రామాల నుంచి భారీ ప్రభలు తరలివస్తాయి.',
    ),
    reach: L(
      '13 km from Narasaraopet railway station; buses from Narasaraopet and Guntur (60 km); a ghat road and steps lead up the hill.',
      'నరసరావుపేట రైల్వే స్టేషన్ నుంచి 13 కి.మీ.; నరసరావుపేట, గుంటూరు (60 కి.మీ.) నుంచి బస్సులు; కొండపైకి ఘాట్ రోడ్డు, మెట్ల దారి ఉన్నాయి.',
    ),
    timings: TWO_SESSIONS('5:00 AM', '1:00 PM', '3:00 PM', '8:00 PM', 'ఉదయం 5:00', 'మధ్యాహ్నం 1:00', 'మధ్యాహ్నం 3:00', 'రాత్రి 8:00'),
    festivals: L('Maha Shivaratri prabhala utsavam (Feb–Mar), Karthika Masam (Oct–Nov)', 'మహాశివరాత్రి ప్రభల ఉత్సవం (ఫిబ్రవరి–మార్చి), కార్తీక మాసం (అక్టోబర్–నవంబర్)'),
    wait: [20, 60],
    site: AP_TEMPLES_SITE,
  },
  penuganchiprolu: {
    name: L('Sri Tirupatamma Ammavari temple, Penuganchiprolu', 'శ్రీ తిరుపతమ్మ అమ్మవారి ఆలయం, పెనుగంచిప్రోలు'),
    district: inDistrict('ntr'),
    about: L(
      'Goddess Tirupatamma on the Munneru river, worshipped across the Krishna region; her kalyanam with Gopayya draws lakhs of devotees.',
      'మున్నేరు ఒడ్డున వెలసిన తిరుపతమ్మ అమ్మవారు, కృష్ణా ప్రాంతమంతా కొలిచే దేవత; గోపయ్యతో అమ్మవారి కళ్యాణానికి లక్షలాది భక్తులు వస్తారు.',
    ),
    reach: L('About 10 km from Jaggayyapeta and 70 km from Vijayawada; buses from both.', 'జగ్గయ్యపేట నుంచి సుమారు 10 కి.మీ., విజయవాడ నుంచి 70 కి.మీ.; రెండు చోట్ల నుంచీ బస్సులు ఉన్నాయి.'),
    timings: L(
      'Darshan 5:00 AM to 1:00 PM and 3:00 PM to 8:30 PM\nCrowded on Sundays',
      'దర్శనం ఉదయం 5:00 నుంచి మధ్యాహ్నం 1:00 వరకు, మధ్యాహ్నం 3:00 నుంచి రాత్రి 8:30 వరకు\nఆదివారాల్లో రద్దీ ఎక్కువ',
    ),
    festivals: L('Tirupatamma Kalyanam and jathara (Phalguna, Feb–Mar)', 'తిరుపతమ్మ కళ్యాణం, జాతర (ఫాల్గుణం, ఫిబ్రవరి–మార్చి)'),
    wait: [30, 90],
    site: AP_TEMPLES_SITE,
  },
};

/** A wait in minutes, as a devotee would say it. */
function waitOf(minutes: number): Localized {
  if (minutes < 120) {
    const m = Math.max(10, Math.round(minutes / 5) * 5);
    return L(`about ${m} minutes`, `సుమారు ${m} నిమిషాలు`);
  }
  const h = Math.round(minutes / 60);
  return L(`about ${h} hours`, `సుమారు ${h} గంటలు`);
}

const templeOf = (key: string) => (Object.hasOwn(TEMPLES, key.toLowerCase()) ? TEMPLES[key.toLowerCase()]! : null);

/** What each prasadam costs a packet (the list's ids). */
const PRASADAM: Record<string, { name: Localized; rupees: number }> = {
  laddu: { name: L('Laddu', 'లడ్డు'), rupees: 50 },
  big_laddu: { name: L('Kalyanotsavam laddu', 'కల్యాణోత్సవం లడ్డు'), rupees: 200 },
  annavaram_prasadam: { name: L('Annavaram prasadam', 'అన్నవరం ప్రసాదం'), rupees: 20 },
  vada: { name: L('Vada', 'వడ'), rupees: 100 },
  pulihora: { name: L('Pulihora', 'పులిహోర'), rupees: 30 },
  chakkera_pongali: { name: L('Chakkera pongali', 'చక్కెర పొంగలి'), rupees: 30 },
  kumkum_akshintalu: { name: L('Kumkum and akshintalu', 'కుంకుమ, అక్షింతలు'), rupees: 25 },
  other: { name: L('Other prasadam', 'ఇతర ప్రసాదం'), rupees: 40 },
};

export const spec: DeskSpec = {
  department: 'endowments',
  slug: 'endowments',
  title: 'Endowments Department',
  idPrefix: 'END',
  auth: 'bearer',
  lookups: [
    {
      // temple_timings
      path: '/temples/:temple/timings',
      key: 'temple',
      hint: 'Choose a temple from the list',
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const temple = templeOf(ctx.key);
        if (!temple) return null;
        return {
          temple: temple.name,
          timings: temple.timings,
          dress_code: temple.dress ? L(`${DRESS.en} ${temple.dress.en}`, `${DRESS.te} ${temple.dress.te}`) : DRESS,
          festivals: temple.festivals,
          wait: waitOf(ctx.pick.int(temple.wait[0], temple.wait[1])),
          website: temple.site,
        };
      },
    },
    {
      // temple_info
      path: '/temples/:temple',
      key: 'temple',
      hint: 'Choose a temple from the list',
      answer(ctx) {
        if (ctx.key.endsWith('00000')) return null;
        const temple = templeOf(ctx.key);
        if (!temple) return null;
        return {
          temple: temple.name,
          district: temple.district,
          about: temple.about,
          reach: temple.reach,
          festivals: temple.festivals,
          website: temple.site,
        };
      },
    },
  ],
  filings: [
    {
      // temple_grievance
      path: '/grievances',
      code: 'GR',
      kind: 'grievance',
      requires: ['temple', 'complaint_type', 'details'],
      check(body) {
        if (!templeOf(String(body.temple ?? '')) || String(body.temple) !== String(body.temple).toLowerCase()) return refusal(422, 'INVALID_TEMPLE', 'Choose the temple from the list');
        if (!COMPLAINT_TYPES.includes(String(body.complaint_type ?? ''))) return refusal(422, 'INVALID_COMPLAINT_TYPE', 'Choose what the complaint is about from the list');
        if (String(body.details ?? '').trim().length < 10) return refusal(422, 'DETAILS_TOO_SHORT', 'Describe the problem in a few words (at least 10 letters) so the temple can act on it');
        return null;
      },
      steps: [
        { status: 'in_review', note: L('Sent to the Executive Officer of the temple; the Assistant Commissioner of Endowments is informed', 'ఆలయ కార్యనిర్వహణాధికారి (ఈవో)కి పంపబడింది; దేవాదాయ శాఖ సహాయ కమిషనర్‌కు సమాచారం ఇచ్చారు') },
        { status: 'resolved', note: L('The Executive Officer has acted on the complaint and closed it', 'కార్యనిర్వహణాధికారి ఫిర్యాదుపై చర్య తీసుకుని ముగించారు') },
      ],
    },
  ],
  dues: [
    {
      // prasadam_order: prasadam bought from a temple, sent by post or collected at its counter; the receipt is the order number
      path: '/prasadam/quote/:temple/:prasadam/:quantity/:delivery/:pin_code',
      key: 'quantity',
      pattern: /^\d{1,2}$/,
      hint: 'Up to 20 packets in one order',
      code: 'PRS',
      receiptPrefix: 'END/PRS/',
      quote: true,
      due: ({ query, today }) => {
        const temple = templeOf(query.temple ?? '');
        const item = PRASADAM[query.prasadam ?? ''];
        const quantity = Number(query.quantity);
        if (!temple) return refusal(404, 'NOT_FOUND', 'No such temple');
        if (!item) return refusal(422, 'INVALID_PRASADAM', 'Choose the prasadam from the list');
        if (quantity < 1 || quantity > 20) return refusal(422, 'TOO_MANY', 'Up to 20 packets can be ordered at once');
        const post = query.delivery === 'post';
        if (post && !/^5[0-3]\d{4}$/.test(query.pin_code ?? '')) return refusal(422, 'OUTSIDE_DELIVERY_AREA', 'Prasadam is sent by post to PIN codes in Andhra Pradesh and Telangana only');
        return {
          period: today,
          consumer: temple.name,
          billMonth: {
            en: `${quantity} × ${item.name.en}, ${post ? `by India Post to ${query.pin_code}` : 'to collect at the prasadam counter'}`,
            te: `${quantity} × ${item.name.te}, ${post ? `${query.pin_code} కు ఇండియా పోస్ట్ ద్వారా` : 'ప్రసాదం కౌంటర్‌లో తీసుకోవాలి'}`,
          },
          // Postage and packing ₹80 an order.
          amountPaise: (item.rupees * quantity + (post ? 80 : 0)) * 100,
          dueDate: today,
        };
      },
    },
  ],
};
