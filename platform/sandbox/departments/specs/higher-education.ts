/**
 * Higher Education's backend, simulated: APSCHE, the CET convenors, BIEAP
 * and the state universities, behind an API key (X-API-Key). It answers
 * counselling schedules, AP EAPCET hall tickets and ranks, Intermediate and
 * university semester results and post-matric fee reimbursement (RTF / MTF),
 * and takes CET alert subscriptions, university certificate requests, APAR ID
 * links and anonymous drug-on-campus reports (passed to EAGLE).
 *
 * Test numbers: Intermediate and EAPCET hall tickets have 10 digits, the first
 * two the exam year (2612345678: 2026; the next year's are not declared yet,
 * 422); an EAPCET registration number 6 to 9 digits (1234567); a university
 * hall ticket 8 to 14 letters and digits, JNTU style (22A91A0512: admitted
 * 2022). Any key ending 00000 is no one's (404).
 */
import { academicStart, addDays, day, dmy, examYear, inList, join, monthYear, parseDate, todayOf, yearSpan, yearsBetween } from '../desk/fields';
import { indianGrouping, type Picker } from '../desk/picker';
import { inAndhra } from '../desk/places';
import { refusal, type DeskSpec, type Localized, type LookupContext, type LookupSpec } from '../desk/spec';

type L = Localized;
type Answer = ReturnType<LookupSpec['answer']>;
const l = (en: string, te: string): L => ({ en, te });

/** Moves the picker on, so a record differs by a query value (semester, year) while its key's fixed facts stay. */
const skip = (pick: Picker, n: number) => {
  for (let i = 0; i < n; i++) pick.int(0, 1);
};

const HALL_TICKET = /^\d{10}$/;
const EXAM_IDS = ['all', 'eapcet', 'ecet', 'icet', 'pgecet', 'pgcet', 'edcet', 'lawcet', 'pecet', 'rcet', 'polycet'];
const CERTIFICATES = ['provisional', 'original_degree', 'migration', 'transcript', 'cmm', 'duplicate_memo', 'duplicate_degree', 'medium', 'genuineness', 'other'];
const SEMESTERS = ['sem_1', 'sem_2', 'sem_3', 'sem_4', 'sem_5', 'sem_6', 'sem_7', 'sem_8'];
const INTER_YEARS = ['first_year', 'second_year'];

const UNIVERSITIES: Record<string, L> = {
  andhra: l('Andhra University', 'ఆంధ్ర విశ్వవిద్యాలయం'),
  sv: l('Sri Venkateswara University', 'శ్రీ వెంకటేశ్వర విశ్వవిద్యాలయం'),
  anu: l('Acharya Nagarjuna University', 'ఆచార్య నాగార్జున విశ్వవిద్యాలయం'),
  sku: l('Sri Krishnadevaraya University', 'శ్రీకృష్ణదేవరాయ విశ్వవిద్యాలయం'),
  yvu: l('Yogi Vemana University', 'యోగి వేమన విశ్వవిద్యాలయం'),
  nannaya: l('Adikavi Nannaya University', 'ఆదికవి నన్నయ విశ్వవిద్యాలయం'),
  krishna: l('Krishna University', 'కృష్ణా విశ్వవిద్యాలయం'),
  rayalaseema: l('Rayalaseema University', 'రాయలసీమ విశ్వవిద్యాలయం'),
  vsu: l('Vikrama Simhapuri University', 'విక్రమ సింహపురి విశ్వవిద్యాలయం'),
  brau: l('Dr. B.R. Ambedkar University, Srikakulam', 'డా. బి.ఆర్. అంబేద్కర్ విశ్వవిద్యాలయం, శ్రీకాకుళం'),
  aku: l('Andhra Kesari University', 'ఆంధ్ర కేసరి విశ్వవిద్యాలయం'),
  spmvv: l('Sri Padmavati Mahila Visvavidyalayam', 'శ్రీ పద్మావతి మహిళా విశ్వవిద్యాలయం'),
  dravidian: l('Dravidian University', 'ద్రావిడ విశ్వవిద్యాలయం'),
  urdu: l('Dr. Abdul Haq Urdu University', 'డా. అబ్దుల్ హక్ ఉర్దూ విశ్వవిద్యాలయం'),
  cluster_kurnool: l('Cluster University, Kurnool', 'క్లస్టర్ విశ్వవిద్యాలయం, కర్నూలు'),
  jntuk: l('JNTU Kakinada', 'జేఎన్‌టీయూ కాకినాడ'),
  jntua: l('JNTU Anantapur', 'జేఎన్‌టీయూ అనంతపురం'),
  jntugv: l('JNTU-GV Vizianagaram', 'జేఎన్‌టీయూ-జీవీ విజయనగరం'),
  rgukt: l('RGUKT (IIITs)', 'ఆర్జీయూకేటీ (ట్రిపుల్ ఐటీలు)'),
  ntruhs: l('Dr. NTR University of Health Sciences', 'డా. ఎన్టీఆర్ ఆరోగ్య విజ్ఞాన విశ్వవిద్యాలయం'),
  angrau: l('Acharya N.G. Ranga Agricultural University', 'ఆచార్య ఎన్.జి. రంగా వ్యవసాయ విశ్వవిద్యాలయం'),
  svvu: l('Sri Venkateswara Veterinary University', 'శ్రీ వెంకటేశ్వర పశువైద్య విశ్వవిద్యాలయం'),
  horticulture: l('Dr. YSR Horticultural University', 'డా. వైఎస్ఆర్ ఉద్యాన విశ్వవిద్యాలయం'),
  other: l('Other', 'ఇతరం'),
};
const TECH = ['jntuk', 'jntua', 'jntugv', 'rgukt'];
const FARM = ['angrau', 'horticulture'];
const YEARLY = ['ntruhs', 'svvu'];

/** A semester's courses: [English, Telugu], the whole semester one course where it is an internship. */
type Sem = Array<[string, string]>;
const BTECH: Sem[] = [
  [['Linear Algebra and Calculus', 'లీనియర్ ఆల్జీబ్రా, కాలిక్యులస్'], ['Engineering Physics', 'ఇంజనీరింగ్ ఫిజిక్స్'], ['Communicative English', 'కమ్యూనికేటివ్ ఇంగ్లీష్'], ['Basic Electrical and Electronics Engineering', 'బేసిక్ ఎలక్ట్రికల్, ఎలక్ట్రానిక్స్ ఇంజనీరింగ్'], ['Introduction to Programming', 'ఇంట్రడక్షన్ టు ప్రోగ్రామింగ్']],
  [['Differential Equations and Vector Calculus', 'డిఫరెన్షియల్ ఈక్వేషన్స్, వెక్టర్ కాలిక్యులస్'], ['Engineering Chemistry', 'ఇంజనీరింగ్ కెమిస్ట్రీ'], ['Engineering Graphics', 'ఇంజనీరింగ్ గ్రాఫిక్స్'], ['Data Structures', 'డేటా స్ట్రక్చర్స్'], ['Basic Civil and Mechanical Engineering', 'బేసిక్ సివిల్, మెకానికల్ ఇంజనీరింగ్']],
  [['Discrete Mathematics and Graph Theory', 'డిస్క్రీట్ మ్యాథమెటిక్స్, గ్రాఫ్ థియరీ'], ['Digital Logic and Computer Organisation', 'డిజిటల్ లాజిక్, కంప్యూటర్ ఆర్గనైజేషన్'], ['Advanced Data Structures and Algorithms', 'అడ్వాన్స్‌డ్ డేటా స్ట్రక్చర్స్, అల్గారిథమ్స్'], ['Object Oriented Programming through Java', 'జావా ద్వారా ఆబ్జెక్ట్ ఓరియెంటెడ్ ప్రోగ్రామింగ్'], ['Universal Human Values', 'యూనివర్సల్ హ్యూమన్ వాల్యూస్']],
  [['Probability and Statistics', 'ప్రాబబిలిటీ, స్టాటిస్టిక్స్'], ['Operating Systems', 'ఆపరేటింగ్ సిస్టమ్స్'], ['Database Management Systems', 'డేటాబేస్ మేనేజ్‌మెంట్ సిస్టమ్స్'], ['Software Engineering', 'సాఫ్ట్‌వేర్ ఇంజనీరింగ్'], ['Managerial Economics', 'మేనేజీరియల్ ఎకనామిక్స్']],
  [['Computer Networks', 'కంప్యూటర్ నెట్‌వర్క్స్'], ['Theory of Computation', 'థియరీ ఆఫ్ కంప్యుటేషన్'], ['Artificial Intelligence', 'ఆర్టిఫిషియల్ ఇంటెలిజెన్స్'], ['Web Technologies', 'వెబ్ టెక్నాలజీస్'], ['Design and Analysis of Algorithms', 'డిజైన్ అండ్ అనాలిసిస్ ఆఫ్ అల్గారిథమ్స్']],
  [['Compiler Design', 'కంపైలర్ డిజైన్'], ['Machine Learning', 'మెషిన్ లెర్నింగ్'], ['Cryptography and Network Security', 'క్రిప్టోగ్రఫీ, నెట్‌వర్క్ సెక్యూరిటీ'], ['Cloud Computing', 'క్లౌడ్ కంప్యూటింగ్'], ['Object Oriented Analysis and Design', 'ఆబ్జెక్ట్ ఓరియెంటెడ్ అనాలిసిస్ అండ్ డిజైన్']],
  [['Deep Learning', 'డీప్ లెర్నింగ్'], ['Big Data Analytics', 'బిగ్ డేటా అనలిటిక్స్'], ['Internet of Things', 'ఇంటర్నెట్ ఆఫ్ థింగ్స్'], ['Software Project Management', 'సాఫ్ట్‌వేర్ ప్రాజెక్ట్ మేనేజ్‌మెంట్'], ['Management Science', 'మేనేజ్‌మెంట్ సైన్స్']],
  [['Project Work', 'ప్రాజెక్ట్ వర్క్'], ['Full-semester Internship', 'పూర్తి సెమిస్టర్ ఇంటర్న్‌షిప్']],
];
const INTERNSHIP: [string, string] = ['Semester-long internship (apprenticeship)', 'సెమిస్టర్ పూర్తి ఇంటర్న్‌షిప్ (అప్రెంటిస్‌షిప్)'];
const BCOM: Sem[] = [
  [['General English', 'జనరల్ ఇంగ్లీష్'], ['Telugu', 'తెలుగు'], ['Fundamentals of Accounting', 'అకౌంటింగ్ మూలాంశాలు'], ['Business Organisation', 'వ్యాపార వ్యవస్థ']],
  [['General English', 'జనరల్ ఇంగ్లీష్'], ['Telugu', 'తెలుగు'], ['Financial Accounting', 'ఆర్థిక అకౌంటింగ్'], ['Business Economics', 'వ్యాపార అర్థశాస్త్రం']],
  [['Advanced Accounting', 'అడ్వాన్స్‌డ్ అకౌంటింగ్'], ['Business Statistics', 'వ్యాపార గణాంకశాస్త్రం'], ['Banking and Financial Services', 'బ్యాంకింగ్, ఆర్థిక సేవలు'], ['Programming in C', 'సీ ప్రోగ్రామింగ్']],
  [['Corporate Accounting', 'కార్పొరేట్ అకౌంటింగ్'], ['Cost Accounting', 'వ్యయ అకౌంటింగ్'], ['Income Tax', 'ఆదాయపు పన్ను'], ['Database Management Systems', 'డేటాబేస్ మేనేజ్‌మెంట్ సిస్టమ్స్']],
  [['Management Accounting', 'నిర్వహణ అకౌంటింగ్'], ['Auditing', 'ఆడిటింగ్'], ['GST and Customs', 'జీఎస్టీ, కస్టమ్స్'], ['Web Designing', 'వెబ్ డిజైనింగ్']],
  [INTERNSHIP],
  [['Financial Management', 'ఆర్థిక నిర్వహణ'], ['Advanced Corporate Accounting', 'అడ్వాన్స్‌డ్ కార్పొరేట్ అకౌంటింగ్'], ['E-Commerce', 'ఈ-కామర్స్'], ['Research Methodology', 'పరిశోధన పద్ధతులు']],
  [['International Business', 'అంతర్జాతీయ వ్యాపారం'], ['Strategic Management', 'వ్యూహాత్మక నిర్వహణ'], ['Investment Management', 'పెట్టుబడుల నిర్వహణ'], ['Project Work', 'ప్రాజెక్ట్ వర్క్']],
];
const BSC: Sem[] = [
  [['General English', 'జనరల్ ఇంగ్లీష్'], ['Differential Equations', 'అవకలన సమీకరణాలు'], ['Mechanics and Properties of Matter', 'యాంత్రిక శాస్త్రం, పదార్థ ధర్మాలు'], ['Problem Solving in C', 'సీ ద్వారా సమస్యా సాధన']],
  [['General English', 'జనరల్ ఇంగ్లీష్'], ['Solid Geometry', 'ఘన జ్యామితి'], ['Waves and Oscillations', 'తరంగాలు, డోలనాలు'], ['Data Structures using C', 'సీ ద్వారా డేటా స్ట్రక్చర్స్']],
  [['Abstract Algebra', 'నైరూప్య బీజగణితం'], ['Heat and Thermodynamics', 'ఉష్ణం, ఉష్ణగతిక శాస్త్రం'], ['Database Management Systems', 'డేటాబేస్ మేనేజ్‌మెంట్ సిస్టమ్స్'], ['Environmental Studies', 'పర్యావరణ అధ్యయనం']],
  [['Real Analysis', 'వాస్తవ విశ్లేషణ'], ['Optics', 'దృశా శాస్త్రం'], ['Object Oriented Programming using Java', 'జావా ద్వారా ఆబ్జెక్ట్ ఓరియెంటెడ్ ప్రోగ్రామింగ్'], ['Linear Algebra', 'రేఖీయ బీజగణితం']],
  [['Ring Theory and Vector Calculus', 'వలయ సిద్ధాంతం, సదిశ కలనం'], ['Electricity and Magnetism', 'విద్యుత్, అయస్కాంతత్వం'], ['Web Interface Designing', 'వెబ్ ఇంటర్‌ఫేస్ డిజైనింగ్'], ['Numerical Methods', 'సంఖ్యా పద్ధతులు']],
  [INTERNSHIP],
  [['Complex Analysis', 'సంకీర్ణ విశ్లేషణ'], ['Modern Physics', 'ఆధునిక భౌతిక శాస్త్రం'], ['Python Programming', 'పైథాన్ ప్రోగ్రామింగ్'], ['Research Methodology', 'పరిశోధన పద్ధతులు']],
  [['Graph Theory', 'గ్రాఫ్ సిద్ధాంతం'], ['Electronics', 'ఎలక్ట్రానిక్స్'], ['Machine Learning', 'మెషిన్ లెర్నింగ్'], ['Project Work', 'ప్రాజెక్ట్ వర్క్']],
];
const AGRI: Sem[] = [
  [['Fundamentals of Agronomy', 'సస్య శాస్త్ర మూలాంశాలు'], ['Fundamentals of Soil Science', 'మృత్తికా శాస్త్ర మూలాంశాలు'], ['Fundamentals of Horticulture', 'ఉద్యాన శాస్త్ర మూలాంశాలు'], ['Rural Sociology', 'గ్రామీణ సామాజిక శాస్త్రం']],
  [['Fundamentals of Genetics', 'జన్యు శాస్త్ర మూలాంశాలు'], ['Agricultural Microbiology', 'వ్యవసాయ సూక్ష్మజీవ శాస్త్రం'], ['Fundamentals of Entomology', 'కీటక శాస్త్ర మూలాంశాలు'], ['Fundamentals of Plant Pathology', 'మొక్కల తెగుళ్ల శాస్త్ర మూలాంశాలు']],
  [['Crop Production: Kharif Crops', 'ఖరీఫ్ పంటల సాగు'], ['Principles of Plant Breeding', 'మొక్కల ప్రజనన సూత్రాలు'], ['Agricultural Finance and Co-operation', 'వ్యవసాయ ఆర్థికం, సహకారం'], ['Farm Machinery and Power', 'వ్యవసాయ యంత్రాలు, శక్తి']],
  [['Crop Production: Rabi Crops', 'రబీ పంటల సాగు'], ['Soil and Water Conservation', 'నేల, నీటి సంరక్షణ'], ['Vegetables and Spices', 'కూరగాయలు, సుగంధ ద్రవ్యాల సాగు'], ['Agricultural Marketing', 'వ్యవసాయ మార్కెటింగ్']],
  [['Integrated Pest Management', 'సమగ్ర సస్యరక్షణ'], ['Crop Improvement', 'పంటల అభివృద్ధి'], ['Manures, Fertilisers and Soil Fertility', 'ఎరువులు, నేల సారం'], ['Intellectual Property Rights', 'మేధో సంపత్తి హక్కులు']],
  [['Rainfed Agriculture and Watershed Management', 'వర్షాధార వ్యవసాయం, వాటర్‌షెడ్ నిర్వహణ'], ['Diseases of Field and Horticultural Crops', 'పొలం, ఉద్యాన పంటల తెగుళ్లు'], ['Protected Cultivation', 'రక్షిత సాగు'], ['Food Science and Nutrition', 'ఆహార శాస్త్రం, పోషణ']],
  [['Rural Agricultural Work Experience (RAWE)', 'గ్రామీణ వ్యవసాయ పని అనుభవం (రావే)']],
  [['Experiential Learning Programme', 'అనుభవ పూర్వక అభ్యాస కార్యక్రమం']],
];

/** The UGC ten-point scale the state universities use. */
const letter = (pct: number): [string, number] =>
  pct >= 90 ? ['O', 10] : pct >= 80 ? ['A+', 9] : pct >= 70 ? ['A', 8] : pct >= 60 ? ['B+', 7] : pct >= 50 ? ['B', 6] : pct >= 45 ? ['C', 5] : pct >= 40 ? ['P', 4] : ['F', 0];

const PLACES: L[] = [
  l('Kakinada', 'కాకినాడ'),
  l('Guntur', 'గుంటూరు'),
  l('Ongole', 'ఒంగోలు'),
  l('Nellore', 'నెల్లూరు'),
  l('Tirupati', 'తిరుపతి'),
  l('Kurnool', 'కర్నూలు'),
  l('Anantapur', 'అనంతపురం'),
  l('Kadapa', 'కడప'),
  l('Eluru', 'ఏలూరు'),
  l('Rajamahendravaram', 'రాజమహేంద్రవరం'),
  l('Vizianagaram', 'విజయనగరం'),
  l('Srikakulam', 'శ్రీకాకుళం'),
  l('Machilipatnam', 'మచిలీపట్నం'),
  l('Chittoor', 'చిత్తూరు'),
];

/** University semester results: semester k of a batch admitted in August of year A is out about April (odd) or September (even) after. */
const resultsOut = (admitted: number, sem: number) => (sem % 2 === 1 ? day(admitted + (sem + 1) / 2, 4, 30) : day(admitted + sem / 2, 9, 30));

function universityResults(ctx: LookupContext): Answer {
  if (ctx.key.endsWith('00000')) return null;
  const uni = String(ctx.query.university ?? '').toLowerCase();
  const semId = String(ctx.query.semester ?? '').toLowerCase();
  if (!UNIVERSITIES[uni]) return refusal(422, 'INVALID_UNIVERSITY', 'Please choose the university from the list.');
  if (!SEMESTERS.includes(semId)) return refusal(422, 'INVALID_SEMESTER', 'Please choose a semester from 1 to 8.');
  if (uni === 'other') return refusal(422, 'UNIVERSITY_NOT_CONNECTED', "That university's results are not published here; please see its own examinations website.");
  if (YEARLY.includes(uni)) return refusal(422, 'YEARLY_EXAMS', `${UNIVERSITIES[uni]!.en} holds professional-year examinations, not semesters; its results are on its own website.`);
  const { pick } = ctx;
  const today = todayOf(ctx);
  const sem = Number(semId.slice(4));
  const cur = today.getUTCFullYear();
  const yy = /^\d{2}/.test(ctx.key) ? 2000 + Number(ctx.key.slice(0, 2)) : 0;
  const pickedYear = cur - pick.int(1, 4);
  const admitted = yy >= cur - 10 && yy <= cur ? yy : pickedYear;
  const out = resultsOut(admitted, sem);
  if (today < out) {
    const when = monthYear(out);
    return refusal(422, 'RESULTS_NOT_DECLARED', `Semester ${sem} results for the batch admitted in ${admitted} are not declared yet; the university publishes them around ${when.en}.`);
  }
  const student = pick.person();
  const degree = TECH.includes(uni) ? 'btech' : FARM.includes(uni) ? 'agri' : pick.chance(0.5) ? 'bcom' : 'bsc';
  const place = pick.one(PLACES);
  const programme =
    degree === 'btech'
      ? l('B.Tech (Computer Science and Engineering)', 'బీటెక్ (కంప్యూటర్ సైన్స్ అండ్ ఇంజనీరింగ్)')
      : degree === 'agri'
        ? uni === 'horticulture'
          ? l('B.Sc (Hons) Horticulture', 'బీఎస్సీ (ఆనర్స్) ఉద్యాన శాస్త్రం')
          : l('B.Sc (Hons) Agriculture', 'బీఎస్సీ (ఆనర్స్) వ్యవసాయం')
        : degree === 'bcom'
          ? l('B.Com (Hons) Computer Applications', 'బీకామ్ (ఆనర్స్) కంప్యూటర్ అప్లికేషన్స్')
          : l('B.Sc (Hons) Mathematics, Physics, Computer Science', 'బీఎస్సీ (ఆనర్స్) గణితం, భౌతిక శాస్త్రం, కంప్యూటర్ సైన్స్');
  const college =
    degree === 'btech'
      ? uni === 'rgukt'
        ? l('RGUKT IIIT, Nuzvid', 'ఆర్జీయూకేటీ ట్రిపుల్ ఐటీ, నూజివీడు')
        : l(`University College of Engineering, ${place.en}`, `విశ్వవిద్యాలయ ఇంజనీరింగ్ కళాశాల, ${place.te}`)
      : degree === 'agri'
        ? l(`Agricultural College, ${place.en}`, `వ్యవసాయ కళాశాల, ${place.te}`)
        : l(`Government Degree College, ${place.en}`, `ప్రభుత్వ డిగ్రీ కళాశాల, ${place.te}`);
  const ability = pick.int(38, 95);
  skip(pick, sem * 11);
  const plan = (degree === 'btech' ? BTECH : degree === 'agri' ? AGRI : degree === 'bcom' ? BCOM : BSC)[sem - 1]!;
  const project = plan.length <= 2;
  const credits = plan.length === 1 ? 16 : project ? 8 : degree === 'btech' ? 3 : 4;
  const rows = plan.map(([en, te]) => {
    const pct = project ? Math.max(62, ability + pick.int(-5, 8)) : Math.max(12, Math.min(99, ability + pick.int(-22, 10)));
    const [g, p] = letter(pct);
    return { en, te, g, p };
  });
  const failed = rows.filter((r) => r.g === 'F');
  const total = rows.length * credits;
  const earned = (rows.length - failed.length) * credits;
  const sgpa = failed.length ? '-' : (rows.reduce((s, r) => s + r.p * credits, 0) / total).toFixed(2);
  const published = addDays(out, -pick.int(3, 20));
  return {
    hall_ticket_number: ctx.key,
    student_name: student,
    university: UNIVERSITIES[uni]!,
    programme,
    college,
    semester: l(`Semester ${sem}`, `${sem}వ సెమిస్టర్`),
    result: failed.length ? 'fail' : 'pass',
    grades: join(rows.map((r) => l(`${r.en}: ${r.g}`, `${r.te}: ${r.g}`))),
    sgpa,
    credits: `${earned} / ${total}`,
    backlogs: failed.length,
    published: dmy(published),
    revaluation_by: dmy(addDays(published, 15)),
  };
}

/** Intermediate subjects by group and year: name and maximum marks. */
type Paper = { name: L; max: number };
const P = (en: string, te: string, max: number): Paper => ({ name: l(en, te), max });
const INTER_GROUPS: Record<string, { name: L; first: Paper[]; second: Paper[]; group: number }> = {
  mpc: {
    name: l('MPC (Maths, Physics, Chemistry)', 'ఎంపీసీ (గణితం, భౌతిక, రసాయన శాస్త్రాలు)'),
    first: [P('Mathematics IA', 'గణితం IA', 75), P('Mathematics IB', 'గణితం IB', 75), P('Physics', 'భౌతిక శాస్త్రం', 60), P('Chemistry', 'రసాయన శాస్త్రం', 60)],
    second: [P('Mathematics IIA', 'గణితం IIA', 75), P('Mathematics IIB', 'గణితం IIB', 75), P('Physics', 'భౌతిక శాస్త్రం', 60), P('Chemistry', 'రసాయన శాస్త్రం', 60), P('Physics practicals', 'భౌతిక శాస్త్రం ప్రయోగాలు', 30), P('Chemistry practicals', 'రసాయన శాస్త్రం ప్రయోగాలు', 30)],
    group: 600,
  },
  bipc: {
    name: l('BiPC (Biology, Physics, Chemistry)', 'బైపీసీ (జీవ, భౌతిక, రసాయన శాస్త్రాలు)'),
    first: [P('Botany', 'వృక్ష శాస్త్రం', 60), P('Zoology', 'జంతు శాస్త్రం', 60), P('Physics', 'భౌతిక శాస్త్రం', 60), P('Chemistry', 'రసాయన శాస్త్రం', 60)],
    second: [P('Botany', 'వృక్ష శాస్త్రం', 60), P('Zoology', 'జంతు శాస్త్రం', 60), P('Physics', 'భౌతిక శాస్త్రం', 60), P('Chemistry', 'రసాయన శాస్త్రం', 60), P('Botany practicals', 'వృక్ష శాస్త్రం ప్రయోగాలు', 30), P('Zoology practicals', 'జంతు శాస్త్రం ప్రయోగాలు', 30), P('Physics practicals', 'భౌతిక శాస్త్రం ప్రయోగాలు', 30), P('Chemistry practicals', 'రసాయన శాస్త్రం ప్రయోగాలు', 30)],
    group: 600,
  },
  cec: {
    name: l('CEC (Civics, Economics, Commerce)', 'సీఈసీ (పౌర, అర్థ, వాణిజ్య శాస్త్రాలు)'),
    first: [P('Civics', 'పౌర శాస్త్రం', 100), P('Economics', 'అర్థ శాస్త్రం', 100), P('Commerce', 'వాణిజ్య శాస్త్రం', 100)],
    second: [P('Civics', 'పౌర శాస్త్రం', 100), P('Economics', 'అర్థ శాస్త్రం', 100), P('Commerce', 'వాణిజ్య శాస్త్రం', 100)],
    group: 600,
  },
  hec: {
    name: l('HEC (History, Economics, Civics)', 'హెచ్ఈసీ (చరిత్ర, అర్థ, పౌర శాస్త్రాలు)'),
    first: [P('History', 'చరిత్ర', 100), P('Economics', 'అర్థ శాస్త్రం', 100), P('Civics', 'పౌర శాస్త్రం', 100)],
    second: [P('History', 'చరిత్ర', 100), P('Economics', 'అర్థ శాస్త్రం', 100), P('Civics', 'పౌర శాస్త్రం', 100)],
    group: 600,
  },
};
/** BIEAP declares both years' results about 12 April. */
const interDeclared = (year: number) => day(year, 4, 12);

function interResults(ctx: LookupContext): Answer {
  if (ctx.key.endsWith('00000')) return null;
  const year = String(ctx.query.year ?? '').toLowerCase();
  if (!INTER_YEARS.includes(year)) return refusal(422, 'INVALID_YEAR', 'Please choose first year or second year.');
  const today = todayOf(ctx);
  const held = examYear(ctx.key, today);
  if (today < interDeclared(held)) return refusal(422, 'RESULTS_NOT_DECLARED', `The results of the Intermediate Public Examinations, March ${held}, are not declared yet. BIEAP announces them in April.`);
  const { pick } = ctx;
  const student = pick.person();
  const groupId = pick.one(['mpc', 'mpc', 'mpc', 'bipc', 'bipc', 'cec', 'hec']);
  const group = INTER_GROUPS[groupId]!;
  const place = pick.one(PLACES);
  const college = pick.one([
    l(`Government Junior College, ${place.en}`, `ప్రభుత్వ జూనియర్ కళాశాల, ${place.te}`),
    l(`Government Junior College (Girls), ${place.en}`, `ప్రభుత్వ బాలికల జూనియర్ కళాశాల, ${place.te}`),
    l(`APSWR Junior College, ${place.en}`, `ఏపీఎస్‌డబ్ల్యూఆర్ జూనియర్ కళాశాల, ${place.te}`),
    l(`Sri Saraswathi Junior College, ${place.en}`, `శ్రీ సరస్వతి జూనియర్ కళాశాల, ${place.te}`),
  ]);
  const language = pick.one([P('Telugu', 'తెలుగు', 100), P('Telugu', 'తెలుగు', 100), P('Sanskrit', 'సంస్కృతం', 100), P('Hindi', 'హిందీ', 100)]);
  const ability = pick.int(30, 97);
  if (year === 'second_year') skip(pick, 13);
  const papers = [P('English', 'ఆంగ్లం', 100), language, ...(year === 'first_year' ? group.first : group.second)];
  const rows = papers.map((p) => {
    const practical = p.max === 30;
    const pct = practical ? Math.min(100, Math.max(55 + pick.int(0, 12), ability + pick.int(5, 30))) : Math.max(8, Math.min(99, ability + pick.int(-20, 10)));
    const got = Math.round((pct * p.max) / 100);
    return { ...p, got, fail: got < Math.ceil(p.max * 0.35) };
  });
  const failed = rows.filter((r) => r.fail);
  const total = rows.reduce((s, r) => s + r.got, 0);
  const max = rows.reduce((s, r) => s + r.max, 0);
  const pct = (total * 100) / max;
  const result = failed.length === 0 ? 'pass' : failed.length <= 2 ? 'compartment' : 'fail';
  return {
    hall_ticket_number: ctx.key,
    student_name: student,
    college,
    group: group.name,
    year_name: year === 'first_year' ? l('First year', 'ప్రథమ సంవత్సరం') : l('Second year', 'ద్వితీయ సంవత్సరం'),
    exam_name: l(`Intermediate Public Examinations, March ${held}`, `ఇంటర్మీడియట్ పబ్లిక్ పరీక్షలు, మార్చి ${held}`),
    result,
    marks: join(rows.map((r) => l(`${r.name.en}: ${r.got}/${r.max}${r.fail ? ' (fail)' : ''}`, `${r.name.te}: ${r.got}/${r.max}${r.fail ? ' (అనుత్తీర్ణత)' : ''}`))),
    total: `${total} / ${max}`,
    grade: result !== 'pass' ? '-' : pct >= 75 ? 'A' : pct >= 60 ? 'B' : pct >= 50 ? 'C' : 'D',
    failed_subjects: failed.length ? join(failed.map((r) => r.name), ', ') : l('-', '-'),
    supplementary_from: dmy(day(held, 5, 22 + pick.int(0, 4))),
  };
}

const STREAMS = {
  engineering: l('Engineering (MPC)', 'ఇంజనీరింగ్ (ఎంపీసీ)'),
  agri_pharma: l('Agriculture and Pharmacy (BiPC)', 'అగ్రికల్చర్, ఫార్మసీ (బైపీసీ)'),
};
const EAPCET_CENTRES: L[] = [
  l('Sri Vasavi Engineering College, Tadepalligudem', 'శ్రీ వాసవి ఇంజనీరింగ్ కళాశాల, తాడేపల్లిగూడెం'),
  l('Gayatri Vidya Parishad College of Engineering, Visakhapatnam', 'గాయత్రీ విద్యా పరిషత్ ఇంజనీరింగ్ కళాశాల, విశాఖపట్నం'),
  l('PVP Siddhartha Institute of Technology, Vijayawada', 'పీవీపీ సిద్ధార్థ ఇన్‌స్టిట్యూట్ ఆఫ్ టెక్నాలజీ, విజయవాడ'),
  l('RVR & JC College of Engineering, Guntur', 'ఆర్వీఆర్ & జేసీ ఇంజనీరింగ్ కళాశాల, గుంటూరు'),
  l('Sree Vidyanikethan Engineering College, Tirupati', 'శ్రీ విద్యానికేతన్ ఇంజనీరింగ్ కళాశాల, తిరుపతి'),
  l('G. Pulla Reddy Engineering College, Kurnool', 'జి. పుల్లారెడ్డి ఇంజనీరింగ్ కళాశాల, కర్నూలు'),
  l('JNTUA College of Engineering, Anantapur', 'జేఎన్‌టీయూఏ ఇంజనీరింగ్ కళాశాల, అనంతపురం'),
  l('Aditya Engineering College, Surampalem', 'ఆదిత్య ఇంజనీరింగ్ కళాశాల, సూరంపాలెం'),
  l('Narayana Engineering College, Nellore', 'నారాయణ ఇంజనీరింగ్ కళాశాల, నెల్లూరు'),
  l('GMR Institute of Technology, Rajam', 'జీఎంఆర్ ఇన్‌స్టిట్యూట్ ఆఫ్ టెక్నాలజీ, రాజాం'),
];

function eapcetHallTicket(ctx: LookupContext): Answer {
  if (ctx.key.endsWith('00000')) return null;
  const dob = parseDate(ctx.query.date_of_birth);
  if (!dob) return refusal(422, 'INVALID_DATE_OF_BIRTH', 'Please give the date of birth as in your EAPCET application.');
  const today = todayOf(ctx);
  // The hall tickets of the coming May exams (from June, next year's).
  const year = today.getUTCMonth() >= 5 ? today.getUTCFullYear() + 1 : today.getUTCFullYear();
  const age = yearsBetween(dob, day(year, 5, 1));
  if (age < 15 || age > 35) return refusal(422, 'DOB_MISMATCH', 'The date of birth does not match this registration number. Please check it against your EAPCET application form.');
  const { pick } = ctx;
  const engineering = pick.chance(0.72);
  const session = pick.chance(0.5);
  const date = engineering ? day(year, 5, 21 + pick.int(0, 6)) : day(year, 5, 19 + pick.int(0, 1));
  return {
    registration_number: ctx.key,
    hall_ticket_number: `${String(year % 100).padStart(2, '0')}${engineering ? 1 : 2}${pick.digits(7)}`,
    student_name: pick.person(),
    exam_name: l(`AP EAPCET ${year}`, `ఏపీ ఈఏపీసెట్ ${year}`),
    stream: engineering ? STREAMS.engineering : STREAMS.agri_pharma,
    exam_date: dmy(date),
    session: session ? l('Forenoon, 9:00 AM to 12:00 noon', 'ఉదయం 9:00 నుండి మధ్యాహ్నం 12:00 వరకు') : l('Afternoon, 2:30 PM to 5:30 PM', 'మధ్యాహ్నం 2:30 నుండి సాయంత్రం 5:30 వరకు'),
    reporting: session ? l('Report by 7:30 AM; the gate closes at 9:00 AM.', 'ఉదయం 7:30 కల్లా చేరుకోండి; 9:00కు గేటు మూసివేస్తారు.') : l('Report by 1:00 PM; the gate closes at 2:30 PM.', 'మధ్యాహ్నం 1:00 కల్లా చేరుకోండి; 2:30కు గేటు మూసివేస్తారు.'),
    centre: pick.one(EAPCET_CENTRES),
  };
}

/** AP EAPCET: 160 marks; qualifying 40 (25%); the rank from 75% EAPCET and 25% Intermediate group marks. */
function eapcetResults(ctx: LookupContext): Answer {
  if (ctx.key.endsWith('00000')) return null;
  const today = todayOf(ctx);
  const held = examYear(ctx.key, today);
  if (today < day(held, 6, 8)) return refusal(422, 'RESULTS_NOT_DECLARED', `AP EAPCET ${held} results are not declared yet; they come out in the first half of June.`);
  const { pick } = ctx;
  const engineering = ctx.key[2] !== '2';
  const ability = pick.int(12, 96);
  const part = (max: number) => Math.max(2, Math.min(max, Math.round(((ability + pick.int(-15, 12)) * max) / 100)));
  const subjects = engineering
    ? [P('Mathematics', 'గణితం', 80), P('Physics', 'భౌతిక శాస్త్రం', 40), P('Chemistry', 'రసాయన శాస్త్రం', 40)]
    : [P('Biology (Botany, Zoology)', 'జీవ శాస్త్రం (వృక్ష, జంతు)', 80), P('Physics', 'భౌతిక శాస్త్రం', 40), P('Chemistry', 'రసాయన శాస్త్రం', 40)];
  const rows = subjects.map((s) => ({ ...s, got: part(s.max) }));
  const marks = rows.reduce((s, r) => s + r.got, 0);
  const inter = Math.max(220, Math.min(597, Math.round(6 * Math.min(99, ability + pick.int(5, 25)))));
  const combined = (marks / 160) * 75 + (inter / 600) * 25;
  const qualified = marks >= 40;
  const pool = engineering ? 195_000 : 76_000;
  const rank = Math.max(1, Math.round(pool * Math.pow(Math.max(0, 98.5 - combined) / 78.5, 2.3)) + pick.int(0, 40));
  return {
    hall_ticket_number: ctx.key,
    student_name: pick.person(),
    exam_name: l(`AP EAPCET ${held}`, `ఏపీ ఈఏపీసెట్ ${held}`),
    stream: engineering ? STREAMS.engineering : STREAMS.agri_pharma,
    result: qualified ? 'qualified' : 'not_qualified',
    marks: join(rows.map((r) => l(`${r.name.en}: ${r.got}/${r.max}`, `${r.name.te}: ${r.got}/${r.max}`))),
    eapcet_marks: `${marks} / 160`,
    inter_marks: `${inter} / 600`,
    combined_score: combined.toFixed(4),
    rank: qualified ? String(rank) : '-',
    counselling: qualified ? monthYear(day(held, 7, 1)) : l('-', '-'),
  };
}

const COURSES: Array<{ name: L; rtf: [number, number]; mtf: number; colleges: L[] }> = [
  {
    name: l('B.Tech (Computer Science)', 'బీటెక్ (కంప్యూటర్ సైన్స్)'),
    rtf: [43, 95],
    mtf: 20_000,
    colleges: [l('Sri Sai Institute of Engineering and Technology, Kakinada', 'శ్రీ సాయి ఇంజనీరింగ్, టెక్నాలజీ సంస్థ, కాకినాడ'), l('Vignana Bharathi College of Engineering, Guntur', 'విజ్ఞాన భారతి ఇంజనీరింగ్ కళాశాల, గుంటూరు')],
  },
  {
    name: l('B.Sc (Hons)', 'బీఎస్సీ (ఆనర్స్)'),
    rtf: [6, 22],
    mtf: 20_000,
    colleges: [l('Government Degree College, Ongole', 'ప్రభుత్వ డిగ్రీ కళాశాల, ఒంగోలు'), l('SVRM Degree College, Nagaram', 'ఎస్వీఆర్ఎం డిగ్రీ కళాశాల, నగరం')],
  },
  {
    name: l('B.Com (Hons)', 'బీకామ్ (ఆనర్స్)'),
    rtf: [6, 18],
    mtf: 20_000,
    colleges: [l('Government Degree College (Women), Srikakulam', 'ప్రభుత్వ మహిళా డిగ్రీ కళాశాల, శ్రీకాకుళం'), l('Sri Krishna Degree College, Kadapa', 'శ్రీ కృష్ణ డిగ్రీ కళాశాల, కడప')],
  },
  {
    name: l('Diploma (Polytechnic)', 'డిప్లొమా (పాలిటెక్నిక్)'),
    rtf: [14, 25],
    mtf: 15_000,
    colleges: [l('Sri Venkateswara Polytechnic, Chittoor', 'శ్రీ వెంకటేశ్వర పాలిటెక్నిక్, చిత్తూరు'), l('Bharathi Polytechnic, Eluru', 'భారతి పాలిటెక్నిక్, ఏలూరు')],
  },
  {
    name: l('B.Pharm', 'బీఫార్మసీ'),
    rtf: [40, 70],
    mtf: 20_000,
    colleges: [l('Sri Padmavathi College of Pharmacy, Tirupati', 'శ్రీ పద్మావతి ఫార్మసీ కళాశాల, తిరుపతి'), l('Krishna Teja Pharmacy College, Nellore', 'కృష్ణ తేజ ఫార్మసీ కళాశాల, నెల్లూరు')],
  },
  {
    name: l('MBA', 'ఎంబీఏ'),
    rtf: [27, 45],
    mtf: 20_000,
    colleges: [l('Sri Chandra School of Management, Rajamahendravaram', 'శ్రీ చంద్ర మేనేజ్‌మెంట్ స్కూల్, రాజమహేంద్రవరం'), l('Vaagdevi Institute of Management, Anantapur', 'వాగ్దేవి మేనేజ్‌మెంట్ సంస్థ, అనంతపురం')],
  },
];

/** Post-matric fee reimbursement (RTF), paid to the college quarter by quarter, and hostel and mess allowance (MTF) to the mother, in two halves. */
function feeReimbursement(ctx: LookupContext): Answer {
  if (ctx.key.endsWith('00000')) return null;
  const { pick } = ctx;
  const today = todayOf(ctx);
  const y0 = academicStart(today);
  const course = pick.one(COURSES);
  const rtf = pick.int(course.rtf[0], course.rtf[1]) * 1000;
  const base = {
    student_name: pick.person(),
    course: course.name,
    college: pick.one(course.colleges),
    academic_year: yearSpan(y0),
    rtf_amount: indianGrouping(rtf),
    mtf_amount: indianGrouping(course.mtf),
  };
  const roll = pick.int(0, 99);
  if (roll < 12) {
    return {
      ...base,
      status: 'not_eligible',
      instalments: l('-', '-'),
      note: pick.one([
        l('Family income above ₹2.5 lakh a year, as per the income certificate.', 'ఆదాయ ధృవీకరణ పత్రం ప్రకారం కుటుంబ ఆదాయం ఏడాదికి ₹2.5 లక్షలు మించింది.'),
        l('Attendance below 75% in the last quarter, as reported by the college.', 'కళాశాల నివేదిక ప్రకారం గత త్రైమాసికంలో హాజరు 75% కంటే తక్కువ.'),
        l('Admitted in a management-quota seat; only convener-quota seats are reimbursed.', 'మేనేజ్‌మెంట్ కోటా సీటులో చేరారు; కన్వీనర్ కోటా సీట్లకే రీయింబర్స్‌మెంట్ వర్తిస్తుంది.'),
        l('A member of the family is a government employee.', 'కుటుంబంలో ఒకరు ప్రభుత్వ ఉద్యోగి.'),
      ]),
    };
  }
  const stuck = roll < 32;
  const quarterRelease = [day(y0, 10, 20), day(y0 + 1, 1, 20), day(y0 + 1, 4, 20), day(y0 + 1, 7, 20)];
  const mtfRelease = [day(y0, 12, 15), day(y0 + 1, 6, 15)];
  const items: Array<{ due: Date; en: string; te: string; amount: number }> = [
    ...quarterRelease.map((due, i) => ({ due, en: `RTF quarter ${i + 1}`, te: `ఆర్టీఎఫ్ ${i + 1}వ త్రైమాసికం`, amount: rtf / 4 })),
    ...mtfRelease.map((due, i) => ({ due, en: `MTF instalment ${i + 1}`, te: `ఎంటీఎఫ్ ${i + 1}వ విడత`, amount: course.mtf / 2 })),
  ].sort((a, b) => a.due.getTime() - b.due.getTime());
  const released = items.filter((i) => i.due <= today);
  const lines = released.map((i) => {
    const paidOn = addDays(i.due, pick.int(0, 18));
    const paid = !stuck && paidOn <= today;
    return paid
      ? l(`${i.en}: ₹${indianGrouping(i.amount)} paid on ${dmy(paidOn)}`, `${i.te}: ₹${indianGrouping(i.amount)} ${dmy(paidOn)}న చెల్లించారు`)
      : l(`${i.en}: ₹${indianGrouping(i.amount)} pending`, `${i.te}: ₹${indianGrouping(i.amount)} పెండింగ్`);
  });
  const next = items.find((i) => i.due > today);
  if (next) lines.push(l(`${next.en}: due in ${monthYear(next.due).en}`, `${next.te}: ${monthYear(next.due).te}లో విడుదల`));
  const pending = lines.some((x) => x.en.endsWith('pending'));
  return {
    ...base,
    status: released.length === 0 ? 'pending' : pending ? 'pending' : 'paid',
    instalments: join(lines),
    note:
      released.length === 0
        ? l(`Eligible. The first quarter of ${yearSpan(y0)} is released in October.`, `అర్హులు. ${yearSpan(y0)} మొదటి త్రైమాసికం అక్టోబర్‌లో విడుదల అవుతుంది.`)
        : pending
          ? stuck
            ? pick.one([
                l("The student's biometric attendance (e-KYC) is pending at the college; give it at the college office.", 'విద్యార్థి బయోమెట్రిక్ హాజరు (ఈ-కేవైసీ) కళాశాలలో పెండింగ్; కళాశాల కార్యాలయంలో ఇవ్వండి.'),
                l("The mother's bank account is not linked to Aadhaar (NPCI mapping); link it at the bank.", 'తల్లి బ్యాంకు ఖాతాకు ఆధార్ అనుసంధానం (ఎన్‌పీసీఐ మ్యాపింగ్) లేదు; బ్యాంకులో చేయించండి.'),
                l('The college has not yet sent the attendance for this quarter to Jnanabhumi.', 'ఈ త్రైమాసిక హాజరును కళాశాల ఇంకా జ్ఞానభూమికి పంపలేదు.'),
              ])
            : l('Released by the government; the amount reaches the account within a few working days.', 'ప్రభుత్వం విడుదల చేసింది; కొన్ని పని దినాల్లో ఖాతాకు జమ అవుతుంది.')
          : l("RTF is paid to the college's account, MTF to the mother's Aadhaar-linked account.", 'ఆర్టీఎఫ్ కళాశాల ఖాతాకు, ఎంటీఎఫ్ తల్లి ఆధార్ అనుసంధానిత ఖాతాకు జమ అవుతాయి.'),
  };
}

type Course = { name: L; exam: L; authority: L; start: [number, number]; seats: L; documents: L; fee: L; website: string; phases?: (at: (n: number) => string) => L[] };
const DOCS = {
  rank: l('rank card and hall ticket', 'ర్యాంక్ కార్డు, హాల్ టికెట్'),
  inter: l('Inter and SSC memos', 'ఇంటర్, పదో తరగతి మెమోలు'),
  study: l('study certificates (Class 6 to Inter)', 'స్టడీ సర్టిఫికెట్లు (6వ తరగతి నుండి ఇంటర్ వరకు)'),
  degree: l('degree memos and provisional certificate', 'డిగ్రీ మెమోలు, ప్రొవిజనల్ సర్టిఫికెట్'),
  diploma: l('diploma memos and provisional certificate', 'డిప్లొమా మెమోలు, ప్రొవిజనల్ సర్టిఫికెట్'),
  ssc: l('SSC memo', 'పదో తరగతి మెమో'),
  tc: l('TC', 'టీసీ'),
  income: l('income certificate (for fee reimbursement)', 'ఆదాయ ధృవీకరణ పత్రం (ఫీజు రీయింబర్స్‌మెంట్ కోసం)'),
  caste: l('caste or EWS certificate (if claimed)', 'కుల లేదా ఈడబ్ల్యూఎస్ ధృవీకరణ పత్రం (వర్తిస్తే)'),
  local: l('local status certificate (if you studied outside AP)', 'స్థానికత ధృవీకరణ పత్రం (ఏపీ బయట చదివితే)'),
};
const docs = (...items: L[]) => join(items, ', ');
const CET_FEE = l('Processing fee ₹1,200 (SC/ST ₹600)', 'ప్రాసెసింగ్ ఫీజు ₹1,200 (ఎస్సీ/ఎస్టీలకు ₹600)');
const TECH_ED = l('Department of Technical Education, AP (convener)', 'సాంకేతిక విద్యా శాఖ, ఏపీ (కన్వీనర్)');
const APSCHE = l('AP State Council of Higher Education (APSCHE)', 'ఏపీ ఉన్నత విద్యా మండలి (ఏపీఎస్‌సీహెచ్ఈ)');
const ADMISSIONS: Record<string, Course> = {
  degree: {
    name: l('Degree (BA, B.Sc, B.Com)', 'డిగ్రీ (బీఏ, బీఎస్సీ, బీకామ్)'),
    exam: l('No entrance test: Intermediate merit, through OAMDC online admissions', 'ప్రవేశ పరీక్ష లేదు: ఇంటర్ మెరిట్ ఆధారంగా ఓఏఎండీసీ ఆన్‌లైన్ ప్రవేశాలు'),
    authority: APSCHE,
    start: [7, 1],
    seats: l('Four-year single-major honours degrees in government, aided and private degree colleges', 'ప్రభుత్వ, ఎయిడెడ్, ప్రైవేట్ డిగ్రీ కళాశాలల్లో నాలుగేళ్ల సింగిల్ మేజర్ ఆనర్స్ డిగ్రీలు'),
    documents: docs(DOCS.inter, DOCS.study, DOCS.tc, DOCS.income, DOCS.caste),
    fee: l('Registration fee ₹400 (BC ₹300, SC/ST ₹200)', 'రిజిస్ట్రేషన్ ఫీజు ₹400 (బీసీ ₹300, ఎస్సీ/ఎస్టీ ₹200)'),
    website: 'oamdc-apsche.aptonline.in',
  },
  btech: {
    name: l('B.Tech', 'బీటెక్'),
    exam: l('AP EAPCET (Engineering, MPC)', 'ఏపీ ఈఏపీసెట్ (ఇంజనీరింగ్, ఎంపీసీ)'),
    authority: TECH_ED,
    start: [7, 7],
    seats: l('Convener-quota seats (70%) in government, university and private engineering colleges', 'ప్రభుత్వ, విశ్వవిద్యాలయ, ప్రైవేట్ ఇంజనీరింగ్ కళాశాలల్లో కన్వీనర్ కోటా (70%) సీట్లు'),
    documents: docs(DOCS.rank, DOCS.inter, DOCS.study, DOCS.tc, DOCS.income, DOCS.caste, DOCS.local),
    fee: CET_FEE,
    website: 'eapcet-sche.aptonline.in',
  },
  btech_lateral: {
    name: l('B.Tech lateral entry (2nd year)', 'బీటెక్ లేటరల్ ఎంట్రీ (2వ సంవత్సరం)'),
    exam: l('AP ECET, for diploma and B.Sc (Maths) holders', 'ఏపీ ఈసెట్, డిప్లొమా, బీఎస్సీ (గణితం) ఉత్తీర్ణులకు'),
    authority: TECH_ED,
    start: [7, 28],
    seats: l('10% of each branch\'s intake over and above, plus vacant first-year seats', 'ప్రతి బ్రాంచిలో అదనంగా 10% సీట్లు, మొదటి సంవత్సర ఖాళీ సీట్లు'),
    documents: docs(DOCS.rank, DOCS.diploma, DOCS.ssc, DOCS.tc, DOCS.income, DOCS.caste),
    fee: CET_FEE,
    website: 'ecet-sche.aptonline.in',
  },
  pharmacy: {
    name: l('B.Pharm and Pharm.D', 'బీఫార్మసీ, ఫార్మ్.డి'),
    exam: l('AP EAPCET (Agriculture and Pharmacy, BiPC); MPC candidates too', 'ఏపీ ఈఏపీసెట్ (అగ్రికల్చర్, ఫార్మసీ, బైపీసీ); ఎంపీసీ వారికీ అవకాశం'),
    authority: TECH_ED,
    start: [8, 18],
    seats: l('B.Pharm and Pharm.D convener seats in government and private pharmacy colleges', 'ప్రభుత్వ, ప్రైవేట్ ఫార్మసీ కళాశాలల్లో బీఫార్మసీ, ఫార్మ్.డి కన్వీనర్ సీట్లు'),
    documents: docs(DOCS.rank, DOCS.inter, DOCS.study, DOCS.tc, DOCS.income, DOCS.caste),
    fee: CET_FEE,
    website: 'eapcet-sche.aptonline.in',
  },
  agri_bsc: {
    name: l('B.Sc (Hons) Agriculture', 'బీఎస్సీ (ఆనర్స్) వ్యవసాయం'),
    exam: l('AP EAPCET (Agriculture stream), counselling by ANGRAU', 'ఏపీ ఈఏపీసెట్ (అగ్రికల్చర్), కౌన్సెలింగ్ ఆచార్య ఎన్.జి. రంగా వ్యవసాయ విశ్వవిద్యాలయం'),
    authority: l('Acharya N.G. Ranga Agricultural University (ANGRAU)', 'ఆచార్య ఎన్.జి. రంగా వ్యవసాయ విశ్వవిద్యాలయం'),
    start: [8, 25],
    seats: l('Seats in ANGRAU\'s government and affiliated colleges; 40% for candidates who studied in rural areas', 'ఆ విశ్వవిద్యాలయం, అనుబంధ కళాశాలల్లో సీట్లు; గ్రామీణ ప్రాంతాల్లో చదివిన వారికి 40%'),
    documents: docs(DOCS.rank, DOCS.inter, DOCS.study, l('rural study certificate (if claimed)', 'గ్రామీణ విద్యా ధృవీకరణ పత్రం (వర్తిస్తే)'), DOCS.caste),
    fee: l('Counselling fee ₹1,500 (SC/ST ₹750)', 'కౌన్సెలింగ్ ఫీజు ₹1,500 (ఎస్సీ/ఎస్టీ ₹750)'),
    website: 'angrau.ac.in',
  },
  polytechnic: {
    name: l('Polytechnic diploma', 'పాలిటెక్నిక్ డిప్లొమా'),
    exam: l('AP POLYCET (after Class 10)', 'ఏపీ పాలీసెట్ (పదో తరగతి తర్వాత)'),
    authority: l('Department of Technical Education and SBTET, AP', 'సాంకేతిక విద్యా శాఖ, ఎస్‌బీటీఈటీ, ఏపీ'),
    start: [6, 20],
    seats: l('Diploma seats in government and private polytechnics; girls have special polytechnics with hostels', 'ప్రభుత్వ, ప్రైవేట్ పాలిటెక్నిక్‌లలో డిప్లొమా సీట్లు; బాలికలకు హాస్టల్ ఉన్న ప్రత్యేక పాలిటెక్నిక్‌లు'),
    documents: docs(DOCS.rank, DOCS.ssc, l('study certificates (Classes 4 to 10)', 'స్టడీ సర్టిఫికెట్లు (4 నుండి 10వ తరగతి)'), DOCS.tc, DOCS.income, DOCS.caste),
    fee: l('Processing fee ₹700 (SC/ST ₹250)', 'ప్రాసెసింగ్ ఫీజు ₹700 (ఎస్సీ/ఎస్టీ ₹250)'),
    website: 'polycetap.nic.in',
  },
  mba_mca: {
    name: l('MBA and MCA', 'ఎంబీఏ, ఎంసీఏ'),
    exam: l('AP ICET', 'ఏపీ ఐసెట్'),
    authority: TECH_ED,
    start: [8, 20],
    seats: l('Convener seats in university and private MBA and MCA colleges', 'విశ్వవిద్యాలయ, ప్రైవేట్ ఎంబీఏ, ఎంసీఏ కళాశాలల్లో కన్వీనర్ సీట్లు'),
    documents: docs(DOCS.rank, DOCS.degree, DOCS.inter, DOCS.tc, DOCS.income, DOCS.caste),
    fee: CET_FEE,
    website: 'icet-sche.aptonline.in',
  },
  pg: {
    name: l('PG (MA, M.Sc, M.Com)', 'పీజీ (ఎంఏ, ఎంఎస్సీ, ఎంకామ్)'),
    exam: l('AP PGCET', 'ఏపీ పీజీసెట్'),
    authority: APSCHE,
    start: [9, 10],
    seats: l('PG seats in state universities and their affiliated PG colleges', 'రాష్ట్ర విశ్వవిద్యాలయాలు, అనుబంధ పీజీ కళాశాలల్లో సీట్లు'),
    documents: docs(DOCS.rank, DOCS.degree, DOCS.inter, DOCS.tc, DOCS.income, DOCS.caste),
    fee: l('Processing fee ₹700 (SC/ST ₹500)', 'ప్రాసెసింగ్ ఫీజు ₹700 (ఎస్సీ/ఎస్టీ ₹500)'),
    website: 'pgcet-sche.aptonline.in',
  },
  mtech_mpharm: {
    name: l('M.Tech and M.Pharm', 'ఎంటెక్, ఎంఫార్మసీ'),
    exam: l('GATE / GPAT holders first, then AP PGECET ranks', 'ముందు గేట్ / జీప్యాట్ ఉత్తీర్ణులకు, తర్వాత ఏపీ పీజీఈసెట్ ర్యాంకులకు'),
    authority: TECH_ED,
    start: [9, 1],
    seats: l('M.Tech, M.Pharm and Pharm.D (Post Baccalaureate) seats; GATE/GPAT holders get the AICTE stipend', 'ఎంటెక్, ఎంఫార్మసీ, ఫార్మ్.డి (పీబీ) సీట్లు; గేట్/జీప్యాట్ వారికి ఏఐసీటీఈ స్టైపెండ్'),
    documents: docs(l('GATE/GPAT scorecard or PGECET rank card', 'గేట్/జీప్యాట్ స్కోరుకార్డు లేదా పీజీఈసెట్ ర్యాంక్ కార్డు'), DOCS.degree, DOCS.inter, DOCS.tc, DOCS.income, DOCS.caste),
    fee: CET_FEE,
    website: 'pgecet-sche.aptonline.in',
  },
  bed: {
    name: l('B.Ed', 'బీఈడీ'),
    exam: l('AP EdCET', 'ఏపీ ఎడ్‌సెట్'),
    authority: APSCHE,
    start: [9, 20],
    seats: l('B.Ed seats in university and private colleges of education, by methodology subject', 'విశ్వవిద్యాలయ, ప్రైవేట్ బీఈడీ కళాశాలల్లో మెథడాలజీ వారీగా సీట్లు'),
    documents: docs(DOCS.rank, DOCS.degree, DOCS.inter, DOCS.tc, DOCS.income, DOCS.caste),
    fee: l('Processing fee ₹800 (SC/ST ₹500)', 'ప్రాసెసింగ్ ఫీజు ₹800 (ఎస్సీ/ఎస్టీ ₹500)'),
    website: 'edcet-sche.aptonline.in',
  },
  llb: {
    name: l('LLB (3-year and 5-year)', 'ఎల్ఎల్‌బీ (3 ఏళ్లు, 5 ఏళ్లు)'),
    exam: l('AP LAWCET (3-year after a degree, 5-year after Intermediate)', 'ఏపీ లాసెట్ (డిగ్రీ తర్వాత 3 ఏళ్లు, ఇంటర్ తర్వాత 5 ఏళ్లు)'),
    authority: APSCHE,
    start: [9, 25],
    seats: l('LLB seats in university and private law colleges', 'విశ్వవిద్యాలయ, ప్రైవేట్ న్యాయ కళాశాలల్లో సీట్లు'),
    documents: docs(DOCS.rank, l('degree or Intermediate marks memos', 'డిగ్రీ లేదా ఇంటర్ మార్కుల మెమోలు'), DOCS.ssc, DOCS.tc, DOCS.income, DOCS.caste),
    fee: l('Processing fee ₹1,000 (SC/ST ₹500)', 'ప్రాసెసింగ్ ఫీజు ₹1,000 (ఎస్సీ/ఎస్టీ ₹500)'),
    website: 'lawcet-sche.aptonline.in',
  },
  bped: {
    name: l('B.P.Ed', 'బీపీఈడీ'),
    exam: l('AP PECET (physical efficiency and games skill test)', 'ఏపీ పీఈసెట్ (శారీరక సామర్థ్యం, క్రీడా నైపుణ్య పరీక్ష)'),
    authority: APSCHE,
    start: [9, 25],
    seats: l('B.P.Ed and U.G.D.P.Ed seats in colleges of physical education', 'వ్యాయామ విద్యా కళాశాలల్లో బీపీఈడీ, యూజీడీపీఈడీ సీట్లు'),
    documents: docs(DOCS.rank, l('degree or Intermediate marks memos', 'డిగ్రీ లేదా ఇంటర్ మార్కుల మెమోలు'), l('sports certificates (if any)', 'క్రీడా ధృవీకరణ పత్రాలు (ఉంటే)'), DOCS.ssc, DOCS.caste),
    fee: l('Processing fee ₹800 (SC/ST ₹500)', 'ప్రాసెసింగ్ ఫీజు ₹800 (ఎస్సీ/ఎస్టీ ₹500)'),
    website: 'pecet-sche.aptonline.in',
  },
  phd: {
    name: l('PhD', 'పీహెచ్‌డీ'),
    exam: l('AP RCET; UGC-NET/JRF and CSIR-NET holders are exempt from the test', 'ఏపీ ఆర్‌సెట్; యూజీసీ-నెట్/జేఆర్‌ఎఫ్, సీఎస్ఐఆర్-నెట్ వారికి పరీక్ష మినహాయింపు'),
    authority: l('APSCHE, then each university\'s research board', 'ఏపీఎస్‌సీహెచ్ఈ, తర్వాత ఆయా విశ్వవిద్యాలయ పరిశోధన మండలి'),
    start: [11, 10],
    seats: l('Full-time and part-time PhD seats, by supervisor vacancies in each university department', 'విశ్వవిద్యాలయ విభాగాల్లో గైడ్ ఖాళీల మేరకు ఫుల్ టైమ్, పార్ట్ టైమ్ సీట్లు'),
    documents: docs(l('RCET rank card or NET/JRF certificate', 'ఆర్‌సెట్ ర్యాంక్ కార్డు లేదా నెట్/జేఆర్‌ఎఫ్ ధృవీకరణ'), l('PG marks memos and provisional certificate', 'పీజీ మార్కుల మెమోలు, ప్రొవిజనల్ సర్టిఫికెట్'), DOCS.caste, l('research proposal', 'పరిశోధన ప్రతిపాదన')),
    fee: l('Interview and admission fee as the university notifies', 'ఇంటర్వ్యూ, ప్రవేశ ఫీజు విశ్వవిద్యాలయం ప్రకటించిన మేరకు'),
    website: 'cets.apsche.ap.gov.in',
    phases: (at) => [
      l(`Applications to the universities: ${at(0)} – ${at(14)}`, `విశ్వవిద్యాలయాలకు దరఖాస్తులు: ${at(0)} – ${at(14)}`),
      l(`Interviews by the research boards: ${at(20)} – ${at(30)}`, `పరిశోధన మండళ్ల ఇంటర్వ్యూలు: ${at(20)} – ${at(30)}`),
      l(`Provisional admission list: ${at(38)}`, `తాత్కాలిక ప్రవేశ జాబితా: ${at(38)}`),
      l(`Course work begins: ${at(50)}`, `కోర్స్ వర్క్ ప్రారంభం: ${at(50)}`),
    ],
  },
  other: {
    name: l('Other courses', 'ఇతర కోర్సులు'),
    exam: l('MBBS, BDS and nursing through NEET and Dr. NTR University of Health Sciences; ITI through the Employment and Training department', 'ఎంబీబీఎస్, బీడీఎస్, నర్సింగ్: నీట్ ద్వారా ఎన్టీఆర్ ఆరోగ్య విశ్వవిద్యాలయం; ఐటీఐ: ఉపాధి, శిక్షణ శాఖ'),
    authority: APSCHE,
    start: [7, 15],
    seats: l('Seats and schedules are notified by each admitting body', 'సీట్లు, షెడ్యూల్ ఆయా ప్రవేశ సంస్థలు ప్రకటిస్తాయి'),
    documents: docs(DOCS.inter, DOCS.study, DOCS.tc, DOCS.caste, DOCS.income),
    fee: l('As notified by the admitting body', 'ఆయా ప్రవేశ సంస్థ ప్రకటించిన మేరకు'),
    website: 'apsche.ap.gov.in',
    phases: () => [
      l('MBBS and BDS: NEET results in June, counselling by the health university from July', 'ఎంబీబీఎస్, బీడీఎస్: జూన్‌లో నీట్ ఫలితాలు, జులై నుండి ఆరోగ్య విశ్వవిద్యాలయం కౌన్సెలింగ్'),
      l('ITI: online applications after the SSC results, in May and June', 'ఐటీఐ: పదో తరగతి ఫలితాల తర్వాత మే, జూన్‌లో ఆన్‌లైన్ దరఖాస్తులు'),
    ],
  },
};

function admissions(ctx: LookupContext): Answer {
  if (ctx.key.endsWith('00000')) return null;
  const course = ADMISSIONS[ctx.key.toLowerCase()];
  if (!course) return null;
  const { pick } = ctx;
  const today = todayOf(ctx);
  // This year's counselling if it is not over, else next year's (expected).
  let start = day(today.getUTCFullYear(), course.start[0], course.start[1] + pick.int(0, 4));
  if (addDays(start, course.phases ? 50 : 28) < today) start = day(today.getUTCFullYear() + 1, course.start[0], course.start[1] + pick.int(0, 4));
  const at = (n: number) => dmy(addDays(start, n));
  const phases: L[] = course.phases?.(at) ?? [
    l(`Registration and fee: ${at(0)} – ${at(7)}`, `రిజిస్ట్రేషన్, ఫీజు: ${at(0)} – ${at(7)}`),
    l(`Certificate verification: ${at(1)} – ${at(9)}`, `ధృవీకరణ పత్రాల పరిశీలన: ${at(1)} – ${at(9)}`),
    l(`Web options: ${at(8)} – ${at(13)}`, `వెబ్ ఆప్షన్లు: ${at(8)} – ${at(13)}`),
    l(`Seat allotment: ${at(16)}`, `సీట్ల కేటాయింపు: ${at(16)}`),
    l(`Reporting at the college: ${at(17)} – ${at(21)}`, `కళాశాలలో రిపోర్టింగ్: ${at(17)} – ${at(21)}`),
    l(`Classes begin: ${at(28)}`, `తరగతులు ప్రారంభం: ${at(28)}`),
  ];
  return {
    course: course.name,
    exam: course.exam,
    authority: course.authority,
    season: today < start ? 'upcoming' : 'in_progress',
    schedule: join(phases),
    seats: course.seats,
    documents: course.documents,
    fee: course.fee,
    website: course.website,
  };
}

export const spec: DeskSpec = {
  department: 'higher_education',
  slug: 'higher-education',
  title: 'APSCHE and universities (Higher Education)',
  idPrefix: 'HE',
  auth: 'api_key',
  lookups: [
    { path: '/admissions/:course', key: 'course', answer: admissions },
    {
      path: '/eapcet/hall-tickets',
      key: 'registration_number',
      pattern: /^\d{6,9}$/,
      hint: 'The AP EAPCET registration number has 6 to 9 digits, for example 1234567; it is on your application form.',
      requires: ['date_of_birth'],
      answer: eapcetHallTicket,
    },
    {
      path: '/eapcet/results/:hall_ticket_number',
      key: 'hall_ticket_number',
      pattern: HALL_TICKET,
      hint: 'An AP EAPCET hall ticket number has 10 digits, for example 2615123456.',
      answer: eapcetResults,
    },
    {
      path: '/fee-reimbursement/status',
      key: 'uid_token',
      pattern: /^[0-9A-F]{72}$/,
      hint: "The student's Aadhaar could not be verified; please verify it again.",
      answer: feeReimbursement,
    },
    {
      path: '/universities/results',
      key: 'hall_ticket_number',
      pattern: /^[0-9A-Z]{8,14}$/,
      hint: 'A university hall ticket number has 8 to 14 letters and digits, for example 22A91A0512.',
      requires: ['university', 'semester'],
      answer: universityResults,
    },
    {
      path: '/intermediate/results/:hall_ticket_number',
      key: 'hall_ticket_number',
      pattern: HALL_TICKET,
      hint: 'An Intermediate hall ticket number has 10 digits, for example 2621123456.',
      requires: ['year'],
      answer: interResults,
    },
  ],
  filings: [
    {
      path: '/alerts/subscriptions',
      code: 'ALR',
      kind: 'application',
      requires: ['exams'],
      check: (body) => (inList(EXAM_IDS, body.exams) ? null : refusal(422, 'INVALID_EXAM', 'Please choose the entrance exams from the list.')),
      steps: [
        { status: 'in_review', note: l('Registered with APSCHE for entrance exam alerts.', 'ప్రవేశ పరీక్షల సమాచారం కోసం ఏపీఎస్‌సీహెచ్ఈలో నమోదు చేశాం.') },
        { status: 'approved', note: l('Alerts are on: you will get the notification, application dates, hall ticket and result dates of the exams you chose.', 'సమాచారం ప్రారంభమైంది: మీరు ఎంచుకున్న పరీక్షల నోటిఫికేషన్, దరఖాస్తు తేదీలు, హాల్ టికెట్, ఫలితాల తేదీలు మీకు వస్తాయి.') },
      ],
    },
    {
      path: '/universities/certificates',
      code: 'UC',
      kind: 'application',
      requires: ['university', 'certificate_type', 'hall_ticket_number', 'year_of_passing'],
      check: (body, ctx) => {
        if (!inList(Object.keys(UNIVERSITIES), body.university)) return refusal(422, 'INVALID_UNIVERSITY', 'Please choose the university from the list.');
        if (body.university === 'other') return refusal(422, 'UNIVERSITY_NOT_CONNECTED', "That university does not take requests here; please apply at its examinations branch.");
        if (!inList(CERTIFICATES, body.certificate_type)) return refusal(422, 'INVALID_CERTIFICATE_TYPE', 'Please choose the certificate from the list.');
        if (!/^[0-9A-Z/-]{6,20}$/i.test(String(body.hall_ticket_number ?? '').trim())) return refusal(422, 'INVALID_HALL_TICKET_NUMBER', 'Please give the hall ticket or registration number as printed on your marks memo.');
        const year = Number(body.year_of_passing);
        const now = Number(ctx.today.slice(0, 4));
        if (!Number.isInteger(year) || year > now) return refusal(422, 'YEAR_IN_FUTURE', 'The year of passing cannot be in the future.');
        if (year < 1950) return refusal(422, 'INVALID_YEAR', 'Please give the year you passed the final examination.');
        return null;
      },
      steps: [
        { status: 'in_review', note: l("The Controller of Examinations' office is checking your marks record and fee.", 'పరీక్షల నియంత్రణాధికారి కార్యాలయం మీ మార్కుల రికార్డు, ఫీజును పరిశీలిస్తోంది.') },
        { status: 'issued', note: l('Certificate issued by the Controller of Examinations. It is sent by registered post to your address, and a digital copy is in DigiLocker (NAD).', 'పరీక్షల నియంత్రణాధికారి ధృవీకరణ పత్రం జారీ చేశారు. మీ చిరునామాకు రిజిస్టర్డ్ పోస్టులో పంపాం; డిజిలాకర్ (ఎన్ఏడీ)లోనూ ప్రతి ఉంది.') },
      ],
    },
    {
      path: '/apar',
      code: 'APR',
      kind: 'application',
      requires: ['institution', 'roll_number'],
      check: (body) => (/^[0-9A-Z/-]{4,20}$/i.test(String(body.roll_number ?? '').trim()) ? null : refusal(422, 'INVALID_ROLL_NUMBER', 'Please give your roll or registration number as on your college ID card.')),
      steps: [
        { status: 'in_review', note: l("Your institution's APAR nodal officer is matching your roll number with your Aadhaar details.", 'మీ విద్యాసంస్థ అపార్ నోడల్ అధికారి మీ రోల్ నంబరును ఆధార్ వివరాలతో సరిపోలుస్తున్నారు.') },
        { status: 'approved', note: l("APAR ID created and linked to your academic records. See it in DigiLocker under 'APAR / ABC ID'.", "అపార్ ఐడీ సృష్టించి మీ విద్యా రికార్డులకు అనుసంధానం చేశాం. డిజిలాకర్‌లో 'APAR / ABC ID' కింద చూడండి.") },
      ],
    },
    {
      path: '/grievances/drugs',
      code: 'DFC',
      kind: 'grievance',
      requires: ['institution', 'location', 'details'],
      check: (body) => (inAndhra(body.location) ? null : refusal(422, 'OUTSIDE_AP', 'The location is outside Andhra Pradesh; please report it to the police of that state, or call 1933 (MANAS, national narcotics helpline).')),
      steps: [
        { status: 'in_review', note: l("Passed in confidence to EAGLE (AP Police anti-narcotics wing) and the local station house officer. Your name is not shared.", 'ఈగల్ (ఏపీ పోలీసు మాదకద్రవ్య నిరోధక విభాగం)కు, స్థానిక స్టేషన్ హౌస్ ఆఫీసర్‌కు గోప్యంగా పంపాం. మీ పేరు ఎవరికీ తెలియజేయం.') },
        { status: 'resolved', note: l("EAGLE and the local police acted near the campus; the college's anti-drug committee has been told to keep watch.", 'ఈగల్, స్థానిక పోలీసులు కళాశాల పరిసరాల్లో చర్య తీసుకున్నారు; నిఘా ఉంచాలని కళాశాల మాదకద్రవ్య వ్యతిరేక కమిటీకి సూచించాం.') },
      ],
    },
  ],
  dues: [
    {
      // university_exam_fee: a semester's examination fee at a state university, by hall ticket
      path: '/universities/:university/exam-fees/:hall_ticket_number/:semester',
      key: 'hall_ticket_number',
      pattern: /^[0-9A-Z]{8,14}$/,
      hint: 'A university hall ticket number is 8 to 14 letters and digits',
      code: 'EXF',
      receiptPrefix: 'HE/EXF/RCPT/',
      due: ({ pick, query, today }) => {
        const university = UNIVERSITIES[query.university ?? ''];
        const semester = SEMESTERS.indexOf(query.semester ?? '') + 1;
        if (!university) return refusal(404, 'NOT_FOUND', 'No such university takes exam fees here');
        if (semester === 0) return refusal(422, 'INVALID_SEMESTER', 'Choose the semester from the list');
        return {
          period: `${query.university}-${query.semester}-${today.slice(0, 4)}`.toUpperCase(),
          consumer: pick.person(),
          billMonth: { en: `semester ${semester}, ${university.en}`, te: `${university.te}, సెమిస్టర్ ${semester}` },
          amountPaise: pick.int(7, 16) * 10_000,
          dueDate: new Date(Date.parse(`${today}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10),
        };
      },
    },
  ],
};
