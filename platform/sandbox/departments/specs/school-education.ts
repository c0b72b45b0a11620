/**
 * School Education's backend, simulated: Samagra Shiksha and the Board of
 * Secondary Education AP (BSE AP), behind a bearer token. It answers a child's
 * progress card (FA / SA marks), SSC hall tickets and results, the school
 * calendar, school scholarships (NSP) and Talliki Vandanam, and takes
 * attendance-alert subscriptions, TC requests, RTE 25% seat applications,
 * duplicate SSC memos and school and mid-day meal complaints.
 *
 * Test numbers: a Student ID (Child Info) has 14 digits (28152301234567); an
 * SSC hall ticket 10 digits, the first two the exam year (2612345678: March
 * 2026); the next year's results are not declared yet (422). Any key ending
 * 00000 is no one's (404).
 */
import { academicStart, addDays, day, dmy, examYear, inList, iso, join, parseDate, todayOf, yearSpan, yearsBetween } from '../desk/fields';
import { indianGrouping, type Picker } from '../desk/picker';
import { inAndhra } from '../desk/places';
import { refusal, type DeskSpec, type Localized, type LookupContext, type LookupSpec, type Refusal } from '../desk/spec';

type L = Localized;
type Answer = ReturnType<LookupSpec['answer']>;
const l = (en: string, te: string): L => ({ en, te });

/** A small string hash, to let a record depend on a query value the picker is not seeded with. */
const hash = (s: string) => {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.codePointAt(0)!, 16777619) >>> 0;
  return h;
};
/** Moves the picker on, so a record differs by a query value (exam, year) while its key's fixed facts stay. */
const skip = (pick: Picker, n: number) => {
  for (let i = 0; i < n; i++) pick.int(0, 1);
};

const STUDENT_ID = /^\d{14}$/;
const HALL_TICKET = /^\d{10}$/;

const EXAM_IDS = ['fa1', 'fa2', 'sa1', 'fa3', 'fa4', 'sa2', 'pre_final'] as const;
const CLASS_IDS = ['class_1', 'class_2', 'class_3', 'class_4', 'class_5', 'class_6', 'class_7', 'class_8', 'class_9', 'class_10'] as const;
const COMPLAINTS = ['teacher_absent', 'teacher_behaviour', 'toilets', 'drinking_water', 'safety', 'building', 'fees', 'student_kit', 'admission_refused', 'certificate_withheld', 'other'];
const MEAL_COMPLAINTS = ['poor_quality', 'short_quantity', 'not_served', 'menu_not_followed', 'egg_chikki', 'ragi_malt', 'unhygienic', 'foreign_object', 'children_sick', 'other'];
const TC_REASONS = ['family_moving', 'another_school', 'residential_school', 'highest_class_done', 'school_far', 'health', 'financial', 'other'];
const RTE_CATEGORIES = ['sc', 'st', 'orphan', 'hiv_affected', 'cwsn', 'bc', 'minority', 'oc'];

const PLACES: L[] = [
  l('Gollaprolu', 'గొల్లప్రోలు'),
  l('Ponnur', 'పొన్నూరు'),
  l('Narasaraopet', 'నరసరావుపేట'),
  l('Tiruvuru', 'తిరువూరు'),
  l('Palakonda', 'పాలకొండ'),
  l('Madanapalle', 'మదనపల్లె'),
  l('Gudur', 'గూడూరు'),
  l('Adoni', 'ఆదోని'),
  l('Kadiri', 'కదిరి'),
  l('Bhimavaram', 'భీమవరం'),
  l('Amalapuram', 'అమలాపురం'),
  l('Chirala', 'చీరాల'),
  l('Kavali', 'కావలి'),
  l('Yemmiganur', 'ఎమ్మిగనూరు'),
  l('Narsipatnam', 'నర్సీపట్నం'),
  l('Rayachoti', 'రాయచోటి'),
  l('Jaggayyapeta', 'జగ్గయ్యపేట'),
  l('Salur', 'సాలూరు'),
];

const CHILDREN: L[] = [
  l('Harika', 'హారిక'),
  l('Sai Charan', 'సాయి చరణ్'),
  l('Lasya', 'లాస్య'),
  l('Manikanta', 'మణికంఠ'),
  l('Tejaswini', 'తేజస్విని'),
  l('Akhil', 'అఖిల్'),
  l('Pavani', 'పావని'),
  l('Jaswanth', 'జశ్వంత్'),
  l('Deepika', 'దీపిక'),
  l('Hemanth', 'హేమంత్'),
  l('Sravani', 'శ్రావణి'),
  l('Vamsi Krishna', 'వంశీ కృష్ణ'),
  l('Keerthana', 'కీర్తన'),
  l('Yaswanth', 'యశ్వంత్'),
];

const MOTHERS: L[] = [
  l('K. Lakshmi', 'కె. లక్ష్మి'),
  l('P. Padmavathi', 'పి. పద్మావతి'),
  l('A. Sita Mahalakshmi', 'ఎ. సీతా మహాలక్ష్మి'),
  l('G. Kavitha', 'జి. కవిత'),
  l('B. Anjali', 'బి. అంజలి'),
  l('Y. Swathi', 'వై. స్వాతి'),
  l('V. Rama Devi', 'వి. రమాదేవి'),
  l('S. Nagamani', 'ఎస్. నాగమణి'),
  l('Ch. Venkata Lakshmi', 'చ. వెంకట లక్ష్మి'),
  l('M. Bhagya Lakshmi', 'ఎం. భాగ్యలక్ష్మి'),
  l('T. Sujatha', 'టి. సుజాత'),
  l('N. Vijaya Kumari', 'ఎన్. విజయ కుమారి'),
];

/** A child's name: a family initial (from the picker's people) and a child's given name. */
function childName(pick: Picker, family?: L): L {
  const parent = family ?? pick.person();
  const first = pick.one(CHILDREN);
  return l(`${parent.en.split(' ')[0]} ${first.en}`, `${parent.te.split(' ')[0]} ${first.te}`);
}

/** A government school of the right level in a believable AP town. */
function school(pick: Picker, cls: number, place = pick.one(PLACES)): L {
  if (cls <= 5) return pick.one([l(`MPP School, ${place.en}`, `మండల పరిషత్ ప్రాథమిక పాఠశాల, ${place.te}`), l(`Municipal Elementary School, ${place.en}`, `పురపాలక ప్రాథమిక పాఠశాల, ${place.te}`)]);
  if (cls >= 11) return l(`Government Junior College, ${place.en}`, `ప్రభుత్వ జూనియర్ కళాశాల, ${place.te}`);
  return pick.one([
    l(`ZP High School, ${place.en}`, `జిల్లా పరిషత్ ఉన్నత పాఠశాల, ${place.te}`),
    l(`ZP High School (Girls), ${place.en}`, `జిల్లా పరిషత్ బాలికల ఉన్నత పాఠశాల, ${place.te}`),
    l(`Municipal High School, ${place.en}`, `పురపాలక ఉన్నత పాఠశాల, ${place.te}`),
    l(`AP Model School, ${place.en}`, `ఏపీ మోడల్ స్కూల్, ${place.te}`),
  ]);
}

const className = (cls: number): L =>
  cls === 11 ? l('Intermediate 1st year', 'ఇంటర్ ప్రథమ సంవత్సరం') : cls === 12 ? l('Intermediate 2nd year', 'ఇంటర్ ద్వితీయ సంవత్సరం') : l(`Class ${cls}`, `${cls}వ తరగతి`);

/** AP's eight-point grade scale for school exams (by percentage). */
const grade = (pct: number) => (pct >= 91 ? 'A1' : pct >= 81 ? 'A2' : pct >= 71 ? 'B1' : pct >= 61 ? 'B2' : pct >= 51 ? 'C1' : pct >= 41 ? 'C2' : pct >= 35 ? 'D' : 'E');

const SUBJECT = {
  telugu: l('Telugu', 'తెలుగు'),
  hindi: l('Hindi', 'హిందీ'),
  english: l('English', 'ఆంగ్లం'),
  maths: l('Mathematics', 'గణితం'),
  evs: l('Environmental Studies', 'పరిసరాల విజ్ఞానం'),
  science: l('General Science', 'సామాన్య శాస్త్రం'),
  ps: l('Physical Science', 'భౌతిక శాస్త్రం'),
  bs: l('Biological Science', 'జీవ శాస్త్రం'),
  social: l('Social Studies', 'సాంఘిక శాస్త్రం'),
};
const subjectsOf = (cls: number): L[] =>
  cls <= 2
    ? [SUBJECT.telugu, SUBJECT.english, SUBJECT.maths]
    : cls <= 5
      ? [SUBJECT.telugu, SUBJECT.english, SUBJECT.maths, SUBJECT.evs]
      : cls <= 7
        ? [SUBJECT.telugu, SUBJECT.hindi, SUBJECT.english, SUBJECT.maths, SUBJECT.science, SUBJECT.social]
        : [SUBJECT.telugu, SUBJECT.hindi, SUBJECT.english, SUBJECT.maths, SUBJECT.ps, SUBJECT.bs, SUBJECT.social];

/** School exams: their names, maximum marks a subject, and when in the academic year the marks are out (month, day). */
const EXAMS: Record<(typeof EXAM_IDS)[number], { label: L; max: number; out: [number, number] }> = {
  fa1: { label: l('FA 1', 'ఎఫ్ఏ 1'), max: 50, out: [8, 20] },
  fa2: { label: l('FA 2', 'ఎఫ్ఏ 2'), max: 50, out: [10, 25] },
  sa1: { label: l('SA 1 (half-yearly)', 'ఎస్ఏ 1 (అర్ధ వార్షిక)'), max: 100, out: [12, 20] },
  fa3: { label: l('FA 3', 'ఎఫ్ఏ 3'), max: 50, out: [2, 5] },
  fa4: { label: l('FA 4', 'ఎఫ్ఏ 4'), max: 50, out: [3, 15] },
  sa2: { label: l('SA 2 (annual)', 'ఎస్ఏ 2 (వార్షిక)'), max: 100, out: [4, 23] },
  pre_final: { label: l('Pre-final (Class 10)', 'ప్రీ ఫైనల్ (10వ తరగతి)'), max: 100, out: [2, 28] },
};
/** The date in academic year y0 (June y0 to May y0+1) of a month and day. */
const inYear = (y0: number, [m, d]: [number, number]) => day(m >= 6 ? y0 : y0 + 1, m, d);

/** SSC public exams: Monday, Wednesday, Friday from the middle of March. */
function sscDates(year: number): Date[] {
  let start = day(year, 3, 14);
  while (start.getUTCDay() !== 1) start = addDays(start, 1);
  return [0, 2, 4, 7, 9, 11, 14].map((n) => addDays(start, n));
}
const SSC_PAPERS: L[] = [
  l('First Language (Telugu)', 'ప్రథమ భాష (తెలుగు)'),
  l('Second Language (Hindi)', 'ద్వితీయ భాష (హిందీ)'),
  l('English', 'ఆంగ్లం'),
  l('Mathematics', 'గణితం'),
  l('Physical Science', 'భౌతిక శాస్త్రం'),
  l('Biological Science', 'జీవ శాస్త్రం'),
  l('Social Studies', 'సాంఘిక శాస్త్రం'),
];
/** The SSC memo's six subjects (Science is Physical and Biological Science together, 50 each); pass marks 35, Hindi 20. */
const SSC_SUBJECTS: Array<{ name: L; pass: number }> = [
  { name: l('First Language (Telugu)', 'ప్రథమ భాష (తెలుగు)'), pass: 35 },
  { name: l('Second Language (Hindi)', 'ద్వితీయ భాష (హిందీ)'), pass: 20 },
  { name: l('English', 'ఆంగ్లం'), pass: 35 },
  { name: l('Mathematics', 'గణితం'), pass: 35 },
  { name: l('Science', 'విజ్ఞాన శాస్త్రం'), pass: 35 },
  { name: l('Social Studies', 'సాంఘిక శాస్త్రం'), pass: 35 },
];
/** BSE AP declares the March results about 23 April. */
const sscDeclared = (year: number) => day(year, 4, 23);

const filled = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function progressReport(ctx: LookupContext): Answer {
  if (ctx.key.endsWith('00000')) return null;
  const exam = String(ctx.query.exam ?? '').toLowerCase() as (typeof EXAM_IDS)[number];
  if (!EXAM_IDS.includes(exam)) return refusal(422, 'INVALID_EXAM', 'Please choose one of the exams: FA 1 to FA 4, SA 1, SA 2 or the Class 10 pre-final.');
  const { pick } = ctx;
  const today = todayOf(ctx);
  // The child's fixed facts first, then the exam's marks.
  const cls = pick.int(1, 10);
  const name = childName(pick);
  const sch = school(pick, cls);
  const ability = pick.int(38, 94);
  const info = EXAMS[exam];
  // Before this year's first marks are out (June to August), last year's report card, a class lower.
  const current = academicStart(today);
  const early = today < inYear(current, EXAMS.fa1.out);
  if (early && cls === 1) return refusal(422, 'MARKS_NOT_RELEASED', `Class 1 has no marks yet; FA 1 marks are entered by ${dmy(inYear(current, EXAMS.fa1.out))}.`);
  const y0 = early ? current - 1 : current;
  const shown = early ? cls - 1 : cls;
  if (exam === 'pre_final' && shown !== 10) return refusal(422, 'NOT_CLASS_10', `The pre-final exam is only for Class 10; this student ${early ? 'was' : 'is'} in Class ${shown} in ${yearSpan(y0)}.`);
  const out = inYear(y0, info.out);
  if (today < out) return refusal(422, 'MARKS_NOT_RELEASED', `${info.label.en} marks for ${yearSpan(y0)} are not out yet; the school enters them by ${dmy(out)}.`);
  skip(pick, EXAM_IDS.indexOf(exam) * 9 + 1);
  const subjects = subjectsOf(shown);
  const marks = subjects.map((subject) => {
    const pct = Math.max(15, Math.min(100, ability + pick.int(-16, 10)));
    return { subject, got: Math.round((pct * info.max) / 100) };
  });
  const total = marks.reduce((s, m) => s + m.got, 0);
  const max = info.max * subjects.length;
  const percentage = Math.round((total * 1000) / max) / 10;
  const overall = grade(percentage);
  const weak = marks.reduce((a, b) => (b.got < a.got ? b : a)).subject;
  const remarks =
    overall === 'A1' || overall === 'A2'
      ? l('Excellent work. Keep it up.', 'అద్భుతమైన ప్రతిభ. ఇలాగే కొనసాగించాలి.')
      : overall === 'B1' || overall === 'B2'
        ? l(`Good progress; more practice needed in ${weak.en}.`, `మంచి ప్రగతి; ${weak.te}లో మరింత సాధన అవసరం.`)
        : overall === 'C1' || overall === 'C2'
          ? l(`Needs attention in ${weak.en}. Please meet the class teacher.`, `${weak.te}లో ప్రత్యేక శ్రద్ధ అవసరం. దయచేసి తరగతి ఉపాధ్యాయులను కలవండి.`)
          : l('Below the expected level; the child has been put in the remedial classes. Please meet the headmaster.', 'ఆశించిన స్థాయి కంటే తక్కువ; పాఠశాల ప్రత్యేక (రెమెడియల్) తరగతుల్లో చేర్చాం. దయచేసి ప్రధానోపాధ్యాయులను కలవండి.');
  return {
    student_id: ctx.key,
    student_name: name,
    class_name: className(shown),
    school: sch,
    exam: info.label,
    academic_year: yearSpan(y0),
    marks: join(marks.map((m) => l(`${m.subject.en}: ${m.got}/${info.max} (${grade((m.got * 100) / info.max)})`, `${m.subject.te}: ${m.got}/${info.max} (${grade((m.got * 100) / info.max)})`))),
    total: `${total} / ${max}`,
    percentage,
    grade: overall,
    attendance: pick.int(64, 99),
    remarks,
  };
}

function sscHallTicket(ctx: LookupContext): Answer {
  if (ctx.key.endsWith('00000')) return null;
  const today = todayOf(ctx);
  const dob = parseDate(ctx.query.date_of_birth);
  if (!dob) return refusal(422, 'INVALID_DATE_OF_BIRTH', 'Please give the date of birth as in the school records.');
  const student = String(ctx.query.student_name ?? '').trim().replace(/\s+/g, ' ');
  if (student.length < 3) return refusal(422, 'INVALID_STUDENT_NAME', "Please give the student's name as in the school records.");
  // The hall tickets of the coming March exams (after April, next year's).
  const year = today.getUTCMonth() >= 4 ? today.getUTCFullYear() + 1 : today.getUTCFullYear();
  const age = yearsBetween(dob, day(year, 3, 1));
  if (age < 13 || age > 40) return refusal(422, 'NO_SUCH_CANDIDATE', 'No Class 10 candidate of that school has that date of birth. Please check it against the school records.');
  const { pick } = ctx;
  const given = String(ctx.query.school_code ?? ctx.key).trim().replace(/\s+/g, ' ');
  const place = PLACES.find((p) => given.toUpperCase().includes(p.en.toUpperCase()) || given.includes(p.te)) ?? pick.one(PLACES);
  const sch = /^\d{11}$/.test(ctx.key) ? school(pick, 10, place) : l(given, given);
  const centre = pick.one([
    l(`Government High School (Main), ${place.en}`, `ప్రభుత్వ ఉన్నత పాఠశాల (మెయిన్), ${place.te}`),
    l(`ZP High School (Boys), ${place.en}`, `జిల్లా పరిషత్ బాలుర ఉన్నత పాఠశాల, ${place.te}`),
    l(`Municipal High School, ${place.en}`, `పురపాలక ఉన్నత పాఠశాల, ${place.te}`),
  ]);
  const schoolPart = String(pick.int(10, 99)) + String(pick.int(10, 99));
  const serial = String(hash(`${student.toUpperCase()}|${iso(dob)}`) % 10000).padStart(4, '0');
  const papers = sscDates(year).map((d, i) => l(`${dmy(d)}: ${SSC_PAPERS[i]!.en}`, `${dmy(d)}: ${SSC_PAPERS[i]!.te}`));
  return {
    hall_ticket_number: `${String(year % 100).padStart(2, '0')}${schoolPart}${serial}`,
    student_name: student,
    school: sch,
    exam_name: l(`SSC Public Examinations, March ${year}`, `ఎస్ఎస్సీ పబ్లిక్ పరీక్షలు, మార్చి ${year}`),
    centre,
    medium: pick.chance(0.8) ? l('English', 'ఆంగ్లం') : l('Telugu', 'తెలుగు'),
    timing: l('9:30 AM to 12:45 PM', 'ఉదయం 9:30 నుండి మధ్యాహ్నం 12:45 వరకు'),
    timetable: join(papers),
  };
}

function sscResults(ctx: LookupContext): Answer {
  if (ctx.key.endsWith('00000')) return null;
  const today = todayOf(ctx);
  const year = examYear(ctx.key, today);
  if (today < sscDeclared(year)) return refusal(422, 'RESULTS_NOT_DECLARED', `The results of the SSC Public Examinations, March ${year}, are not declared yet. BSE AP announces them in the last week of April.`);
  const { pick } = ctx;
  const ability = pick.int(32, 97);
  const marks = SSC_SUBJECTS.map((s) => ({ ...s, got: Math.max(6, Math.min(98, ability + pick.int(-18, 12))) }));
  const failed = marks.filter((m) => m.got < m.pass);
  const total = marks.reduce((s, m) => s + m.got, 0);
  const result = failed.length === 0 ? 'pass' : failed.length <= 2 ? 'compartment' : 'fail';
  const division =
    result !== 'pass' ? l('-', '-') : total >= 360 ? l('First Division', 'ప్రథమ శ్రేణి') : total >= 300 ? l('Second Division', 'ద్వితీయ శ్రేణి') : l('Pass Division', 'ఉత్తీర్ణత శ్రేణి');
  const sch = school(pick, 10);
  const supply = day(year, 5, 19 + pick.int(0, 6));
  return {
    hall_ticket_number: ctx.key,
    student_name: childName(pick),
    school: sch,
    exam_name: l(`SSC Public Examinations, March ${year}`, `ఎస్ఎస్సీ పబ్లిక్ పరీక్షలు, మార్చి ${year}`),
    result,
    marks: join(marks.map((m) => l(`${m.name.en}: ${m.got}/100${m.got < m.pass ? ' (fail)' : ''}`, `${m.name.te}: ${m.got}/100${m.got < m.pass ? ' (అనుత్తీర్ణత)' : ''}`))),
    total: `${total} / 600`,
    division,
    failed_subjects: failed.length ? join(failed.map((m) => m.name), ', ') : l('-', '-'),
    failed_count: failed.length,
    supplementary_from: dmy(supply),
  };
}

/** The school calendar of the academic year around today (from May, the coming one). */
function examSchedule(ctx: LookupContext): Answer {
  if (ctx.key.endsWith('00000')) return null;
  const id = ctx.key.toLowerCase();
  if (!(CLASS_IDS as readonly string[]).includes(id)) return null;
  const cls = Number(id.slice(6));
  const today = todayOf(ctx);
  const y0 = today.getUTCMonth() >= 4 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  const span = (a: Date, b: Date) => `${dmy(a)} – ${dmy(b)}`;
  const events: Array<{ name: L; from: Date; to: Date }> = [
    { name: l('FA 1', 'ఎఫ్ఏ 1'), from: day(y0, 8, 11), to: day(y0, 8, 14) },
    { name: l('FA 2', 'ఎఫ్ఏ 2'), from: day(y0, 10, 13), to: day(y0, 10, 16) },
    { name: l('SA 1 (half-yearly)', 'ఎస్ఏ 1 (అర్ధ వార్షిక)'), from: day(y0, 12, 1), to: day(y0, 12, 12) },
    { name: l('FA 3', 'ఎఫ్ఏ 3'), from: day(y0 + 1, 1, 27), to: day(y0 + 1, 1, 30) },
  ];
  if (cls === 10) {
    const ssc = sscDates(y0 + 1);
    events.push({ name: l('Pre-final', 'ప్రీ ఫైనల్'), from: day(y0 + 1, 2, 9), to: day(y0 + 1, 2, 18) });
    events.push({ name: l('SSC public exams (9:30 AM – 12:45 PM)', 'ఎస్ఎస్సీ పబ్లిక్ పరీక్షలు (ఉ. 9:30 – మ. 12:45)'), from: ssc[0]!, to: ssc[ssc.length - 1]! });
  } else {
    events.push({ name: l('FA 4', 'ఎఫ్ఏ 4'), from: day(y0 + 1, 2, 24), to: day(y0 + 1, 2, 27) });
    events.push({ name: l('SA 2 (annual)', 'ఎస్ఏ 2 (వార్షిక)'), from: day(y0 + 1, 4, 6), to: day(y0 + 1, 4, 17) });
  }
  const holidays: Array<{ name: L; from: Date; to: Date }> = [
    { name: l('Dasara holidays', 'దసరా సెలవులు'), from: day(y0, 9, 22), to: day(y0, 10, 2) },
    { name: l('Sankranti holidays', 'సంక్రాంతి సెలవులు'), from: day(y0 + 1, 1, 10), to: day(y0 + 1, 1, 18) },
    { name: l('Summer vacation', 'వేసవి సెలవులు'), from: day(y0 + 1, 4, 24), to: day(y0 + 1, 6, 11) },
  ];
  const next = events.find((e) => e.to >= today);
  return {
    class_name: className(cls),
    academic_year: yearSpan(y0),
    exams: join(events.map((e) => l(`${e.name.en}: ${span(e.from, e.to)}`, `${e.name.te}: ${span(e.from, e.to)}`))),
    holidays: join(holidays.map((e) => l(`${e.name.en}: ${span(e.from, e.to)}`, `${e.name.te}: ${span(e.from, e.to)}`))),
    upcoming: next ? 'yes' : 'no',
    next_exam: next ? next.name : l('-', '-'),
    next_date: next ? dmy(next.from) : '-',
    reopening: dmy(day(y0 + 1, 6, 12)),
  };
}

const SCHEMES: Array<{ name: L; amount: (hostel: boolean) => number; classes: [number, number] }> = [
  { name: l('National Means-cum-Merit Scholarship (NMMS)', 'జాతీయ ప్రతిభా ఉపకార వేతనం (ఎన్ఎంఎంఎస్)'), amount: () => 12_000, classes: [9, 10] },
  { name: l('Pre-Matric Scholarship for SC students (Classes 9-10)', 'ఎస్సీ విద్యార్థులకు ప్రీ-మెట్రిక్ ఉపకార వేతనం (9-10 తరగతులు)'), amount: (h) => (h ? 7_000 : 3_500), classes: [9, 10] },
  { name: l('Pre-Matric Scholarship for ST students (Classes 9-10)', 'ఎస్టీ విద్యార్థులకు ప్రీ-మెట్రిక్ ఉపకార వేతనం (9-10 తరగతులు)'), amount: (h) => (h ? 7_000 : 3_500), classes: [9, 10] },
  { name: l('Pre-Matric Scholarship for Minorities (Classes 9-10)', 'మైనారిటీలకు ప్రీ-మెట్రిక్ ఉపకార వేతనం (9-10 తరగతులు)'), amount: (h) => (h ? 10_700 : 5_700), classes: [9, 10] },
];

const FILED_NAMES: Record<string, L> = {
  ATT: l('Attendance alerts', 'హాజరు సమాచారం'),
  TC: l('Transfer certificate', 'బదిలీ ధృవీకరణ పత్రం'),
  RTE: l('RTE 25% seat admission', 'ఆర్టీఈ 25% సీట్ల ప్రవేశం'),
  DSM: l('Duplicate SSC memo', 'పదో తరగతి నకలు మెమో'),
  GRV: l('School grievance', 'పాఠశాల ఫిర్యాదు'),
  MDM: l('Mid-day meal complaint', 'మధ్యాహ్న భోజనం ఫిర్యాదు'),
};

function scholarshipStatus(ctx: LookupContext): Answer {
  if (ctx.key.endsWith('00000')) return null;
  const { pick } = ctx;
  const today = todayOf(ctx);
  // NSP ids carry the academic year: AP 2026 27 … is 2026-27.
  const current = academicStart(today);
  const named = /^[A-Z]{2}(20\d{2})\d{2}/.exec(ctx.key);
  const y0 = named && Number(named[1]) <= current && Number(named[1]) >= current - 6 ? Number(named[1]) : current;
  const f = ctx.filed(ctx.key);
  if (f) {
    const status = { RECEIVED: 'submitted', IN_REVIEW: 'in_review', APPROVED: 'approved', ISSUED: 'issued', RESOLVED: 'resolved', REJECTED: 'rejected', DOCUMENTS_NEEDED: 'returned', CLOSED: 'resolved' }[f.status] ?? 'in_review';
    return {
      application_number: f.id,
      scheme: FILED_NAMES[f.code] ?? l('School Education application', 'పాఠశాల విద్యా శాఖ దరఖాస్తు'),
      student: l(`Filed on ${dmy(new Date(f.filedAt))}`, `${dmy(new Date(f.filedAt))}న దాఖలు చేశారు`),
      academic_year: yearSpan(y0),
      status,
      amount: '0',
      paid_on: '-',
      note: l('The office concerned is dealing with it; you will get a message at each step.', 'సంబంధిత కార్యాలయం పరిశీలిస్తోంది; ప్రతి దశలో మీకు సందేశం వస్తుంది.'),
    };
  }
  const scheme = pick.one(SCHEMES);
  const cls = pick.int(scheme.classes[0], scheme.classes[1]);
  const hostel = pick.chance(0.3);
  const amount = scheme.amount(hostel);
  // Fresh and renewal applications close on NSP by 31 October; schools verify in November, districts by December.
  const closed = day(y0, 10, 31);
  const stage = pick.int(0, 99);
  let status: string;
  let note: L;
  let paid = '-';
  if (stage < 8) {
    status = 'rejected';
    note = pick.one([
      l('Family income above ₹2.5 lakh a year, as per the income certificate.', 'ఆదాయ ధృవీకరణ పత్రం ప్రకారం కుటుంబ ఆదాయం ఏడాదికి ₹2.5 లక్షలు మించింది.'),
      l('The same student has another scholarship this year; only one is allowed.', 'ఈ ఏడాది అదే విద్యార్థికి మరో ఉపకార వేతనం ఉంది; ఒక్కటే అనుమతి.'),
    ]);
  } else if (stage < 18 && y0 === current) {
    status = 'returned';
    note = pick.one([
      l('The bank account is not linked to Aadhaar (NPCI mapping). Link it at the bank and tell the headmaster.', 'బ్యాంకు ఖాతాకు ఆధార్ అనుసంధానం (ఎన్‌పీసీఐ మ్యాపింగ్) లేదు. బ్యాంకులో అనుసంధానం చేయించి ప్రధానోపాధ్యాయులకు తెలపండి.'),
      l('The caste certificate number does not match the Meeseva record. Correct it on NSP before the defect window closes.', 'కుల ధృవీకరణ పత్రం నంబరు మీసేవ రికార్డుతో సరిపోలలేదు. గడువు లోపు ఎన్ఎస్‌పీలో సరిచేయండి.'),
    ]);
  } else if (y0 === current && (today < addDays(closed, 30) || stage < 35)) {
    status = today < closed ? 'submitted' : 'in_review';
    note = today < closed
      ? l(`Waiting for the school's verification (Institute Nodal Officer). NSP closes on ${dmy(closed)}.`, `పాఠశాల పరిశీలన (ఇన్‌స్టిట్యూట్ నోడల్ అధికారి) కోసం వేచి ఉంది. ఎన్ఎస్‌పీ గడువు ${dmy(closed)}.`)
      : l('Verified by the school; with the District Educational Officer for district verification.', 'పాఠశాల పరిశీలన పూర్తయింది; జిల్లా స్థాయి పరిశీలన కోసం జిల్లా విద్యాశాఖాధికారి వద్ద ఉంది.');
  } else if (y0 === current && stage < 60) {
    status = 'sanctioned';
    note = l('Sanctioned by the Ministry; payment goes by DBT (PFMS) to the Aadhaar-linked account.', 'మంత్రిత్వ శాఖ మంజూరు చేసింది; ఆధార్ అనుసంధానిత ఖాతాకు డీబీటీ (పీఎఫ్ఎంఎస్) ద్వారా జమ అవుతుంది.');
  } else {
    status = 'paid';
    const paidOn = addDays(closed, pick.int(40, 120));
    if (paidOn > today) {
      status = 'sanctioned';
      note = l('Sanctioned by the Ministry; payment goes by DBT (PFMS) to the Aadhaar-linked account.', 'మంత్రిత్వ శాఖ మంజూరు చేసింది; ఆధార్ అనుసంధానిత ఖాతాకు డీబీటీ (పీఎఫ్ఎంఎస్) ద్వారా జమ అవుతుంది.');
    } else {
      paid = dmy(paidOn);
      note = l('Credited by DBT to the Aadhaar-linked bank account.', 'ఆధార్ అనుసంధానిత బ్యాంకు ఖాతాకు డీబీటీ ద్వారా జమ అయింది.');
    }
  }
  return {
    application_number: ctx.key,
    scheme: scheme.name,
    student: join([childName(pick), className(cls)], ', '),
    academic_year: yearSpan(y0),
    status,
    amount: indianGrouping(amount),
    paid_on: paid,
    note,
  };
}

const BANKS: L[] = [
  l('State Bank of India', 'స్టేట్ బ్యాంక్ ఆఫ్ ఇండియా'),
  l('Union Bank of India', 'యూనియన్ బ్యాంక్ ఆఫ్ ఇండియా'),
  l('Indian Bank', 'ఇండియన్ బ్యాంక్'),
  l('Canara Bank', 'కెనరా బ్యాంక్'),
  l('AP Grameena Vikas Bank', 'ఆంధ్రప్రదేశ్ గ్రామీణ వికాస్ బ్యాంక్'),
  l('India Post Payments Bank', 'ఇండియా పోస్ట్ పేమెంట్స్ బ్యాంక్'),
];

/** Talliki Vandanam: ₹15,000 a school-going child a year, ₹13,000 to the mother and ₹2,000 to the school's maintenance fund; paid in June. */
function tallikiVandanam(ctx: LookupContext): Answer {
  if (ctx.key.endsWith('00000')) return null;
  const { pick } = ctx;
  const today = todayOf(ctx);
  const y0 = academicStart(today);
  const mother = pick.one(MOTHERS);
  const n = pick.int(1, 3);
  const kids: Array<{ name: L; cls: number; sch: L }> = [];
  while (kids.length < n) {
    const cls = pick.int(1, 12);
    const name = childName(pick, mother);
    if (!kids.some((k) => k.name.en === name.en)) kids.push({ name, cls, sch: school(pick, cls) });
  }
  kids.sort((a, b) => b.cls - a.cls);
  const children = join(kids.map((k) => l(`${k.name.en}: ${className(k.cls).en}, ${k.sch.en}`, `${k.name.te}: ${className(k.cls).te}, ${k.sch.te}`)));
  const bank = pick.one(BANKS);
  const last4 = pick.digits(4);
  const account = l(`${bank.en}, account ending ${last4}`, `${bank.te}, ఖాతా చివరి అంకెలు ${last4}`);
  const roll = pick.int(0, 99);
  const paidOn = day(y0, 6, 12 + pick.int(0, 28));
  const base = { mother_name: mother, academic_year: yearSpan(y0), children, children_count: n, bank: account };
  if (roll < 14) {
    return {
      ...base,
      status: 'not_eligible',
      amount: '0',
      paid_on: '-',
      note: pick.one([
        l('A four-wheeler is registered in the household (taxis, tractors and autos are exempt).', 'కుటుంబంలో నాలుగు చక్రాల వాహనం నమోదై ఉంది (ట్యాక్సీ, ట్రాక్టర్, ఆటోలకు మినహాయింపు).'),
        l('A member of the household pays income tax.', 'కుటుంబ సభ్యులు ఒకరు ఆదాయపు పన్ను చెల్లిస్తున్నారు.'),
        l('A member of the household is a government employee or pensioner.', 'కుటుంబ సభ్యులు ఒకరు ప్రభుత్వ ఉద్యోగి లేదా పెన్షనర్.'),
        l('The household used more than 300 units of electricity a month on average over the last 12 months.', 'గత 12 నెలల్లో కుటుంబ సగటు విద్యుత్ వినియోగం నెలకు 300 యూనిట్లు మించింది.'),
        l('The household owns more than 3 acres of wet land or 10 acres of dry land.', 'కుటుంబానికి 3 ఎకరాల మాగాణి లేదా 10 ఎకరాల మెట్ట భూమి కంటే ఎక్కువ ఉంది.'),
      ]),
    };
  }
  if (roll < 34 || paidOn > today) {
    return {
      ...base,
      status: 'pending',
      amount: indianGrouping(13_000 * n),
      paid_on: '-',
      note:
        paidOn > today
          ? l(`Eligible. The payment for ${yearSpan(y0)} is to be released in June.`, `అర్హులు. ${yearSpan(y0)} చెల్లింపు జూన్‌లో విడుదల కానుంది.`)
          : pick.one([
              l("The mother's e-KYC is pending: give your thumbprint at the village or ward secretariat.", 'తల్లి ఈ-కేవైసీ పెండింగ్‌లో ఉంది: గ్రామ/వార్డు సచివాలయంలో వేలిముద్ర వేయండి.'),
              l('The bank account is not linked to Aadhaar (NPCI mapping). Link it at your bank; the amount is paid in the next release.', 'బ్యాంకు ఖాతాకు ఆధార్ అనుసంధానం (ఎన్‌పీసీఐ మ్యాపింగ్) లేదు. బ్యాంకులో అనుసంధానం చేయించండి; తదుపరి విడుదలలో జమ అవుతుంది.'),
              l("A child's attendance is below 75%; the headmaster's report is awaited.", 'ఒక బిడ్డ హాజరు 75% కంటే తక్కువ; ప్రధానోపాధ్యాయుల నివేదిక కోసం వేచి ఉంది.'),
            ]),
    };
  }
  return {
    ...base,
    status: 'paid',
    amount: indianGrouping(13_000 * n),
    paid_on: dmy(paidOn),
    note: l("₹13,000 a child was credited to the mother's account; ₹2,000 a child went to the school's maintenance fund.", 'ఒక్కో బిడ్డకు ₹13,000 తల్లి ఖాతాలో జమ అయ్యాయి; ₹2,000 పాఠశాల నిర్వహణ నిధికి వెళ్లాయి.'),
  };
}

const badStudentId = (v: unknown): Refusal | null =>
  typeof v === 'string' && STUDENT_ID.test(v.trim()) ? null : refusal(422, 'INVALID_STUDENT_ID', 'The Student ID (Child ID) has 14 digits; it is on the progress card and in the school records.');

export const spec: DeskSpec = {
  department: 'school_education',
  slug: 'school-education',
  title: 'Samagra Shiksha and BSE AP (School Education)',
  idPrefix: 'SE',
  auth: 'bearer',
  lookups: [
    {
      path: '/students/:student_id/progress',
      key: 'student_id',
      pattern: STUDENT_ID,
      hint: 'The Student ID (Child ID) has 14 digits, for example 28152301234567; it is on the progress card.',
      requires: ['exam'],
      answer: progressReport,
    },
    {
      path: '/ssc/hall-tickets',
      key: 'school_code',
      // The school's 11-digit UDISE code (AP's begin 28), or its name.
      pattern: /^(28\d{9}|[^\d\s].{2,79})$/u,
      hint: "Give the school's 11-digit UDISE code (for example 28151290401) or its name.",
      requires: ['student_name', 'date_of_birth'],
      answer: sscHallTicket,
    },
    {
      path: '/ssc/results/:hall_ticket_number',
      key: 'hall_ticket_number',
      pattern: HALL_TICKET,
      hint: 'An SSC hall ticket number has 10 digits, for example 2612345678.',
      answer: sscResults,
    },
    { path: '/exams/schedule/:class', key: 'class', answer: examSchedule },
    {
      path: '/scholarships/:application_number',
      key: 'application_number',
      pattern: /^[A-Z0-9/-]{6,30}$/,
      hint: 'Give the application ID from the National Scholarship Portal, for example AP202627001234567.',
      answer: scholarshipStatus,
    },
    {
      path: '/talliki-vandanam/status',
      key: 'uid_token',
      pattern: /^[0-9A-F]{72}$/,
      hint: "The mother's Aadhaar could not be verified; please verify it again.",
      answer: tallikiVandanam,
    },
  ],
  filings: [
    {
      path: '/attendance/subscriptions',
      code: 'ATT',
      kind: 'application',
      requires: ['student_id'],
      check: (body) => badStudentId(body.student_id),
      steps: [
        { status: 'in_review', note: l("The headmaster is confirming you as the child's parent in the school records (Child Info).", 'పాఠశాల రికార్డుల్లో (చైల్డ్ ఇన్ఫో) మీరు విద్యార్థి తల్లిదండ్రులని ప్రధానోపాధ్యాయులు నిర్ధారిస్తున్నారు.') },
        { status: 'approved', note: l('Alerts are on: you will get a message on any school day your child is marked absent in the LEAP attendance app.', 'సమాచారం ప్రారంభమైంది: లీప్ హాజరు యాప్‌లో మీ బిడ్డ గైర్హాజరుగా నమోదైన ప్రతి పని దినం మీకు సందేశం వస్తుంది.') },
      ],
    },
    {
      path: '/grievances',
      code: 'GRV',
      kind: 'grievance',
      requires: ['school_code', 'complaint_type', 'details'],
      check: (body) =>
        !inList(COMPLAINTS, body.complaint_type)
          ? refusal(422, 'INVALID_COMPLAINT_TYPE', 'Please choose what the complaint is about from the list.')
          : !filled(body.details) || String(body.details).trim().length < 10
            ? refusal(422, 'DETAILS_TOO_SHORT', 'Please describe the problem in a sentence or two, so the officer can act on it.')
            : null,
      steps: [
        { status: 'in_review', note: l('Sent to the Mandal Educational Officer (MEO), who will inquire at the school within 3 working days.', 'మండల విద్యాశాఖాధికారి (ఎంఈఓ)కి పంపాం; 3 పని దినాల్లో పాఠశాలలో విచారణ చేస్తారు.') },
        { status: 'in_review', note: l('The MEO inquired at the school; the report is with the District Educational Officer (DEO) for action.', 'ఎంఈఓ పాఠశాలలో విచారణ చేశారు; చర్య కోసం నివేదిక జిల్లా విద్యాశాఖాధికారి (డీఈఓ) వద్ద ఉంది.') },
        { status: 'resolved', note: l('The DEO has directed the headmaster to set it right and the MEO confirmed it is done. Complaint closed.', 'సమస్యను సరిదిద్దాలని ప్రధానోపాధ్యాయులను డీఈఓ ఆదేశించారు; పూర్తయినట్లు ఎంఈఓ ధృవీకరించారు. ఫిర్యాదు ముగిసింది.') },
      ],
    },
    {
      path: '/grievances/midday-meal',
      code: 'MDM',
      kind: 'grievance',
      requires: ['school_code', 'complaint_type', 'details'],
      check: (body) => (inList(MEAL_COMPLAINTS, body.complaint_type) ? null : refusal(422, 'INVALID_COMPLAINT_TYPE', 'Please choose what the mid-day meal complaint is about from the list.')),
      steps: [
        { status: 'in_review', note: l('Sent to the MEO and the mid-day meal (Dokka Seethamma Madhyahna Badi Bhojanam) inspector for a surprise check.', 'ఆకస్మిక తనిఖీ కోసం ఎంఈఓకు, డొక్కా సీతమ్మ మధ్యాహ్న బడి భోజనం తనిఖీ అధికారికి పంపాం.') },
        { status: 'resolved', note: l("Inspected: the cooking agency was warned and told to follow the menu; the school's meal committee will check the food daily.", 'తనిఖీ చేశారు: వంట ఏజెన్సీని హెచ్చరించి మెనూ పాటించాలని ఆదేశించారు; పాఠశాల భోజన కమిటీ రోజూ భోజనాన్ని పరిశీలిస్తుంది.') },
      ],
    },
    {
      path: '/transfer-certificates',
      code: 'TC',
      kind: 'application',
      requires: ['student_id', 'reason', 'new_school'],
      check: (body) => badStudentId(body.student_id) ?? (inList(TC_REASONS, body.reason) ? null : refusal(422, 'INVALID_REASON', 'Please choose the reason for leaving from the list.')),
      steps: [
        { status: 'in_review', note: l("The headmaster is checking the child's record and study details for the TC.", 'టీసీ కోసం విద్యార్థి రికార్డు, చదువు వివరాలను ప్రధానోపాధ్యాయులు పరిశీలిస్తున్నారు.') },
        { status: 'issued', note: l('TC issued by the headmaster and the child released in Child Info, so the new school can admit them. Collect the TC at the school office.', 'ప్రధానోపాధ్యాయులు టీసీ జారీ చేశారు; కొత్త బడిలో చేర్చుకునేలా చైల్డ్ ఇన్ఫోలో విద్యార్థిని విడుదల చేశారు. టీసీని పాఠశాల కార్యాలయంలో తీసుకోండి.') },
      ],
    },
    {
      path: '/rte-admissions',
      code: 'RTE',
      kind: 'application',
      requires: ['child_name', 'date_of_birth', 'category', 'location', 'school_preferences'],
      check: (body, ctx) => {
        if (!inList(RTE_CATEGORIES, body.category)) return refusal(422, 'INVALID_CATEGORY', 'Please choose the category from the list.');
        const dob = parseDate(body.date_of_birth);
        if (!dob) return refusal(422, 'INVALID_DATE_OF_BIRTH', "Please give the child's date of birth.");
        const today = todayOf(ctx);
        if (dob > today) return refusal(422, 'DATE_IN_FUTURE', 'The date of birth cannot be in the future.');
        // Class 1 admissions for the coming June: the child must be 5 by 1 June.
        const june = day(today.getUTCMonth() >= 5 ? today.getUTCFullYear() + 1 : today.getUTCFullYear(), 6, 1);
        const age = yearsBetween(dob, june);
        if (age < 5) return refusal(422, 'UNDER_AGE', `RTE seats are for Class 1: the child must be 5 years old by ${dmy(june)}.`);
        if (age > 7) return refusal(422, 'OVER_AGE', 'RTE 25% seats are for admission to Class 1; this child is older than Class 1 age.');
        if (!inAndhra(body.location)) return refusal(422, 'OUTSIDE_AP', 'The home location is outside Andhra Pradesh; RTE seats are given to schools near your home in the state.');
        return null;
      },
      steps: [
        { status: 'in_review', note: l('The MEO is verifying your certificates; the application then goes into the online lottery for schools within 1 km.', 'ఎంఈఓ మీ ధృవీకరణ పత్రాలను పరిశీలిస్తున్నారు; తర్వాత 1 కి.మీ. పరిధిలోని బడుల ఆన్‌లైన్ లాటరీలో మీ దరఖాస్తు ఉంటుంది.') },
        { status: 'approved', note: l('A seat was allotted in the lottery. Take the allotment letter and certificates to the school; no fee is charged, the government pays the school.', 'లాటరీలో సీటు కేటాయించారు. కేటాయింపు లేఖ, ధృవీకరణ పత్రాలతో బడికి వెళ్లండి; ఫీజు లేదు, ప్రభుత్వమే చెల్లిస్తుంది.') },
      ],
    },
    {
      path: '/ssc/duplicate-memos',
      code: 'DSM',
      kind: 'application',
      requires: ['hall_ticket_number', 'exam_year', 'loss_proof'],
      check: (body, ctx) => {
        if (!HALL_TICKET.test(String(body.hall_ticket_number ?? '').trim())) return refusal(422, 'INVALID_HALL_TICKET_NUMBER', 'An SSC hall ticket number has 10 digits; it is on your hall ticket or old marks memo.');
        const year = Number(body.exam_year);
        const now = Number(ctx.today.slice(0, 4));
        if (!Number.isInteger(year) || year > now) return refusal(422, 'YEAR_IN_FUTURE', 'The year of passing cannot be in the future.');
        if (year < 1970) return refusal(422, 'RECORD_NOT_DIGITISED', 'Records before 1970 are not digitised; please apply in person at the Director of Government Examinations, Vijayawada.');
        return null;
      },
      steps: [
        { status: 'in_review', note: l('The Director of Government Examinations (BSE AP) is verifying your record and the loss report.', 'ప్రభుత్వ పరీక్షల సంచాలకులు (బీఎస్ఈ ఏపీ) మీ రికార్డును, పోయినట్లు ఇచ్చిన నివేదికను పరిశీలిస్తున్నారు.') },
        { status: 'issued', note: l('Duplicate SSC memo issued. It is sent to the headmaster of your school; collect it there. A copy is also in DigiLocker.', 'పదో తరగతి నకలు మెమో జారీ అయింది. మీ పాఠశాల ప్రధానోపాధ్యాయులకు పంపాం; అక్కడ తీసుకోండి. డిజిలాకర్‌లోనూ ప్రతి ఉంది.') },
      ],
    },
  ],
};
