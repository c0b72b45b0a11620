/**
 * Every catalog service of the archetypes information, status, application
 * and grievance, completed in the sandbox chat as a citizen would: chosen
 * from the menu, Aadhaar proved with an OTP where the service needs it,
 * every question answered by its kind (a choice tapped, a date, a location,
 * a photo or a PDF, a number in the department's own form), the read-back
 * confirmed. A lookup must end in the department's answer (no refusal, no
 * "busy", no "sorry", no text left half-filled); an application or a
 * grievance in its reference number; a due (a licence renewal, a parcel, an
 * exam fee) in its payment link. So every department's backend, its
 * answer texts and the archetype subflows are shown to fit together.
 */
import Redis from 'ioredis';
import RandExp from 'randexp';
import { IDENTIFIER } from '../../platform/conversation/answers';
import { todayInIndia } from '../../platform/india-time';
import type { Service } from '../../platform/departments/catalog';
import type { RunningHost } from '../../platform/host';
import { DEPARTMENTS } from '../../platform/sandbox/departments';
import { createPicker } from '../../platform/sandbox/departments/desk/picker';
import { isRefusal } from '../../platform/sandbox/departments/desk/spec';
import { RESIDENTS } from '../../platform/sandbox/residents';
import { eventually } from '../support/citizens';
import { startTestHost } from '../support/host';
import { describeWith, serviceUrl } from '../support/services';
import { sandboxChat, textOf, type OutMessage } from '../support/sandbox-chat';

const ARCHETYPES = new Set(['information', 'status', 'application', 'grievance']);
/** Services whose flow is not an archetype's subflow, each walked by its own test. */
const OWN_TESTS: Record<string, string> = {
  caste_certificate: 'test/identity/identity-flow.test.ts (DigiLocker first)',
  grievance: 'test/browser/main-menu.test.ts (to the officers\' queue)',
};
/** Walks at once, each with its own test resident for the OTP. */
const LANES = 5;
const PREFIX = `walk-${process.pid}`;

let host: RunningHost;
let redis: Redis | null = null;
beforeAll(async () => {
  host = await startTestHost({ QUEUE_PREFIX: PREFIX });
  const url = serviceUrl('REDIS');
  if (url) redis = new Redis(url, { lazyConnect: true });
}, 60_000);
afterAll(async () => {
  redis?.disconnect();
  await host?.stop();
});
const { say, replies } = sandboxChat(() => host, 'Walker');

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64');

/** Answers a citizen would give, by input name (else by kind). */
const NUMBERS: Record<string, string> = {
  annual_income: '96000', family_size: '4', years_at_address: '12', farm_land_acres: '1', house_area: '600', extent_acres: '2', load_kw: '3', new_load_kw: '5',
  shop_area: '200', plot_area: '1800', floors: '2', built_up_area: '1200', partners: '3', members: '12', registration_year: '2019', exam_year: '2019',
  year_of_passing: '2022', investment_lakh: '80', land_acres: '5', workers: '40', power_hp: '25', property_value: '2500000',
};
const TEXTS: Record<string, string> = {
  mandal: 'Tenali', village: 'Kolakaluru', ulb: 'Guntur', survey_number: '123', search_value: '123', caste: 'Kapu', sro: 'Guntur', rto: 'Guntur',
  address: '12-3-45, Brodipet, Guntur 522002', current_address: '12-3-45, Brodipet, Guntur 522002', new_address: '4-5-6, Arundalpet, Guntur 522002',
  business_address: '7-1-2, Main Road, Tenali 522201', society_address: '7-1-2, Main Road, Tenali 522201', deceased_name: 'K. Rama Rao',
  property: 'Plot 12, Survey 123, Kolakaluru', details: 'The queue area has no drinking water and the fans have not worked for a week.', vehicle_number: 'AP07TC1234', bus_number: 'AP07Z0123', from_place: 'Vijayawada', to_place: 'Guntur',
};
/** Options where the first would be the department's "no" (the connection's own category, too little schooling for the course). */
const CHOICES: Record<string, string> = { new_category: 'cottage', education: 'degree' };
const NO = new Set(['owns_house']);
const DATES: Record<string, string> = { date_of_death: '15-08-2021', marriage_date: '15-08-2024', from_date: '01-01-2015', to_date: '01-12-2025', journey_date: '01-11-2026' };
const SERVICE_DATES: Record<string, Record<string, string>> = { pension_apply: { date_of_birth: '15-08-1955' }, rte_admission: { date_of_birth: '15-08-2020' }, birth_name_inclusion: { date_of_birth: '15-08-2020' }, licence_renewal: { date_of_birth: '15-08-1985' } };

const choiceFor = (service: Service, input: Service['inputs'][number]) => CHOICES[input.name] ?? host.services.choices.optionsFor(service.id, input.name)![0]!.id;
const textFor = (input: Service['inputs'][number]) => TEXTS[input.name] ?? (/name/.test(input.name) ? 'K. Sita' : 'Guntur');
const dateFor = (service: Service, input: Service['inputs'][number]) =>
  SERVICE_DATES[service.id]?.[input.name] ?? DATES[input.name] ?? (input.when === 'future' ? ddmmyyyy(new Date(Date.now() + 5 * 86_400_000)) : input.name === 'date_of_birth' ? '15-08-2005' : '15-08-2020');
/** The walk's other answers as the lookup's query will carry them. */
const plannedQuery = (service: Service): Record<string, string> =>
  Object.fromEntries(
    service.inputs.flatMap((i): Array<[string, string]> => {
      if (i.kind === 'choice') return [[i.name, choiceFor(service, i)]];
      if (i.kind === 'date') return [[i.name, dateFor(service, i).split('-').reverse().join('-')]];
      if (i.kind === 'number') return [[i.name, NUMBERS[i.name] ?? '2']];
      if (i.kind === 'text') return [[i.name, textFor(i)]];
      return [];
    }),
  );
const ddmmyyyy = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${d.getUTCFullYear()}`;

/** A number in the form the department checks (the catalog's pattern, else its backend's), never one of the test numbers. */
function identifierFor(service: Service, departmentId: string, name: string, seed: number): string {
  const input = service.inputs.find((i) => i.name === name)!;
  const spec = DEPARTMENTS.find((d) => d.spec.department === departmentId)?.spec;
  const pattern = input.pattern ? new RegExp(input.pattern) : (spec?.lookups.find((l) => l.key === name && l.path.replace(/:(\w+)/g, '{$1}') === service.endpoint?.path)?.pattern ?? spec?.lookups.find((l) => l.key === name)?.pattern);
  if (!pattern) return `A${1234567 + seed}`;
  // A number the department has a record for (its lookup answers it), where it looks numbers up.
  const lookup = spec?.lookups.find((l) => l.key === name && l.path.replace(/:(\w+)/g, '{$1}') === service.endpoint?.path);
  const today = todayInIndia(new Date());
  // Or one the department takes for filing (a domestic connection for rooftop solar, say).
  const filing = spec?.filings.find((f) => f.path.replace(/:(\w+)/g, '{$1}') === service.endpoint?.path);
  const body = (key: string): Record<string, unknown> => ({
    ...Object.fromEntries(
      service.inputs.flatMap((i): Array<[string, unknown]> => {
        if (i.kind === 'number') return [[i.name, Number(NUMBERS[i.name] ?? '2')]];
        if (i.kind === 'yes_no') return [[i.name, !NO.has(i.name)]];
        if (i.kind === 'location') return [[i.name, { latitude: 16.3067, longitude: 80.4365, name: 'Guntur' }]];
        if (i.kind === 'photo' || i.kind === 'document') return [[i.name, { id: 'media', mime_type: 'image/png' }]];
        return [];
      }),
    ),
    ...plannedQuery(service),
    [name]: key,
    reference: 'AP-TST-2026-000001',
    service: service.id,
  });
  const answered = (key: string) => {
    if (filing?.check && spec) {
      try {
        if (filing.check(body(key), { today, now: new Date() }) !== null) return false;
      } catch {
        return false;
      }
    }
    if (!lookup || !spec) return true;
    try {
      const record = lookup.answer({ key, query: { ...plannedQuery(service), [name]: key }, today, now: new Date(), pick: createPicker(`${spec.department}|${lookup.path}|${key}|`, today), filed: () => undefined });
      return record !== null && !isRefusal(record);
    } catch {
      return false;
    }
  };
  let state = seed * 7919 + 17;
  const random = new RandExp(pattern);
  random.max = 6;
  random.randInt = (a: number, b: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return a + (state % (b - a + 1));
  };
  for (let i = 0; i < 50; i++) {
    const candidate = random.gen();
    // In the platform's form for such a number too (no pattern: letters and digits, / or - between them).
    if (!/(00000|99503|99429|99504)$/.test(candidate) && (input.pattern || IDENTIFIER.test(candidate)) && answered(candidate)) return candidate;
  }
  throw new Error(`no usable ${name} for ${service.id} from ${String(pattern)}`);
}

async function sms(mobile: string): Promise<Array<{ from: string; text: string }>> {
  return ((await (await fetch(`${host.url}/sandbox/api/conversations/${mobile}/sms`)).json()) as { sms: Array<{ from: string; text: string }> }).sms;
}

/**
 * The walk proves Aadhaar about 60 times with 5 test residents: UIDAI's (and so the simulator's and the
 * platform's) 5 OTPs per resident per hour would stop it. Both counts start again (this host's own, in
 * its namespace of the suite's Redis); the limits themselves are tested in test/identity.
 */
async function forgetOtpCounters(): Promise<void> {
  host.identitySandbox!.uidai.forgetOtpRequests();
  if (!redis) return;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:aadhaar_otp_*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** The platform's messages once it has stopped sending for a moment. */
async function settled(waId: string, after: number): Promise<OutMessage[]> {
  let out = await eventually(() => replies(waId), (o) => o.length > after, 15_000);
  if (out.length <= after) throw new Error(`no answer to ${waId} after #${after}: ${JSON.stringify(out.slice(-3).map(textOf))}`);
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const again = await replies(waId);
    if (again.length === out.length) return out;
    out = again;
  }
}

const rowsOf = (m: OutMessage) => m.body.interactive?.action.sections?.flatMap((s) => s.rows) ?? m.body.interactive?.action.buttons?.map((b) => b.reply) ?? [];

async function walk(department: string, service: Service, n: number, lane: number): Promise<{ service: string; last: string }> {
  const en = (key: string, values: Record<string, unknown> = {}) => host.services.texts.format(key, 'en', values);
  const waId = `9192100${String(n).padStart(5, '0')}`;
  const resident = RESIDENTS.filter((r) => r.mobile && !r.fault)[lane]!;
  const tap = (m: OutMessage, pick: (row: { id: string; title: string }) => boolean) => {
    const row = rowsOf(m).find(pick);
    if (!row) throw new Error(`${service.id}: no such option in ${JSON.stringify(rowsOf(m).map((r) => r.title))}`);
    return say(waId, { type: 'interactive', reply: { kind: m.body.interactive!.action.sections ? 'list_reply' : 'button_reply', id: row.id, title: row.title } });
  };
  await say(waId, { type: 'text', text: 'hi' });
  let out = await settled(waId, 0);
  await tap(out.at(-1)!, (r) => r.title === 'English');
  out = await settled(waId, out.length);
  // A long list is paged: "More" until the row is there.
  const choose = async (suffix: string) => {
    for (let page = 0; page < 10; page++) {
      const shown = out.at(-1)!;
      if (rowsOf(shown).some((r) => r.id.endsWith(suffix))) {
        await tap(shown, (r) => r.id.endsWith(suffix));
        out = await settled(waId, out.length);
        return;
      }
      await tap(shown, (r) => r.title === 'More');
      out = await settled(waId, out.length);
    }
  };
  await choose(`.dept_${department}`);
  await choose(`.svc_${service.id}`);
  const asked = service.inputs.filter((i) => i.kind !== 'aadhaar');
  const title = service.title.en;
  for (let turn = 0; turn < 30; turn++) {
    const last = out.at(-1)!;
    const text = textOf(last);
    const seen = out.length;
    const step = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, step (\\d+) of \\d+\\.`).exec(text);
    if (text === en('identity.aadhaar.ask')) {
      await forgetOtpCounters();
      await say(waId, { type: 'text', text: resident.aadhaar });
    } else if (text.startsWith('We sent a 6-digit OTP')) {
      const got = await eventually(() => sms(resident.mobile!), (s) => s.length > 0 && /\b\d{6}\b/.test(s.at(-1)!.text), 10_000);
      await say(waId, { type: 'text', text: /\b(\d{6})\b/.exec(got.at(-1)!.text)![1]! });
    } else if (step) {
      const input = asked[Number(step[1]) - 1]!;
      switch (input.kind) {
        case 'choice': {
          // The option planned; a long list is paged ("More" brings the question again with the next rows).
          const id = choiceFor(service, input);
          await tap(last, rowsOf(last).some((r) => r.id.endsWith(`.${id}`) || r.id === id) ? (r) => r.id.endsWith(`.${id}`) || r.id === id : (r) => r.title === 'More');
          break;
        }
        case 'yes_no':
          await tap(last, (r) => r.title === (NO.has(input.name) ? 'No' : 'Yes'));
          break;
        case 'location':
          await say(waId, { type: 'location', location: { latitude: 16.3067, longitude: 80.4365, name: 'Guntur' } });
          break;
        case 'photo':
          await say(waId, { type: 'image', media: { data: PNG, mime_type: 'image/png' } });
          break;
        case 'document':
          await say(waId, { type: 'document', media: { data: PDF, mime_type: 'application/pdf', filename: `${input.name}.pdf` } });
          break;
        case 'number':
          await say(waId, { type: 'text', text: NUMBERS[input.name] ?? '2' });
          break;
        case 'date':
          await say(waId, { type: 'text', text: dateFor(service, input) });
          break;
        case 'phone':
          await say(waId, { type: 'text', text: '9876543210' });
          break;
        case 'pin_code':
          await say(waId, { type: 'text', text: '522002' });
          break;
        case 'identifier':
          await say(waId, { type: 'text', text: identifierFor(service, department, input.name, n) });
          break;
        case 'reference':
          await say(waId, { type: 'text', text: 'skip' });
          break;
        default:
          await say(waId, { type: 'text', text: textFor(input) });
      }
    } else if (text.startsWith(en('form.confirm', { service: title, summary: '' }).split('\n')[0]!) || text.endsWith('Pay it now?')) {
      await tap(last, (r) => r.title === 'Yes');
    } else if ((service.archetype === 'booking' || service.archetype === 'payment') && !step && rowsOf(last).length > 0 && rowsOf(last)[0]!.title !== 'Yes') {
      // A booking's times of the day: the first.
      await tap(last, (r) => r.id === rowsOf(last)[0]!.id);
    } else if (text.startsWith('Thank you,') && text.includes('is verified')) {
      // The verification is said, then the first question follows: wait for it.
    } else return { service: service.id, last: text };
    out = await settled(waId, text.startsWith('Thank you,') ? seen - 1 : seen);
    if (text.startsWith('Thank you,') && out.length === seen) out = await settled(waId, seen);
  }
  throw new Error(`${service.id}: the conversation did not end in 30 turns`);
}

// Without the suite's Redis the platform's OTP counters cannot start again: the walk needs it.
describeWith('REDIS')('the service walk', () => {
it('completes every information, status, application and grievance service in the chat', async () => {
  // And the dues a department's services tab takes payment for (the bill subflow): to the payment link.
  const todo = host.services.catalog.services().filter(({ service }) => (ARCHETYPES.has(service.archetype) || service.flow?.endsWith('_services')) && service.flow && !OWN_TESTS[service.id]);
  const en = (key: string) => host.services.texts.format(key, 'en');
  const refusedPrefix = host.services.texts.format('department.refused', 'en', { reason: '' });
  // A question asked again, or an identity step given up, is no answer either.
  const startOf = (key: string) => {
    try {
      // Up to its first value: what every such message begins with.
      return host.services.texts.format(key, 'en', {}).split('{')[0]!.slice(0, 30);
    } catch {
      return '';
    }
  };
  const notAnswers = ['ask.hint', 'identity.reason', 'identity.aadhaar.hint']
    .flatMap((group) => host.services.texts.keys().filter((k) => k.startsWith(`${group}.`)).map(startOf))
    .filter((start) => start.length >= 12);
  const results: Array<{ service: string; archetype: string; last: string }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      while (next < todo.length) {
        const i = next++;
        const { department, service } = todo[i]!;
        const result = await walk(department.id, service, i + 1, lane).catch((err: Error) => ({ service: service.id, last: `FAILED: ${err.message}` }));
        results.push({ ...result, archetype: service.archetype });
      }
    }),
  );
  const problems = results.filter(({ service, archetype, last }) => {
    if (notAnswers.some((start) => last.startsWith(start))) return true;
    if (last.startsWith('FAILED') || last === en('common.error') || last === en('department.unavailable') || last.startsWith(refusedPrefix) || /[{}]/.test(last) || last.includes('coming soon')) return true;
    // Cancelling a booking needs one: a made-up number is told it is not the citizen's (the bookings tests cancel real ones).
    if (service === 'temple_booking_cancel') return !last.startsWith('No booking of yours has the number');
    if (archetype === 'payment' || archetype === 'booking') return !/\/sandbox\/payments\/l\/plink_\w+/.test(last);
    return (archetype === 'application' || archetype === 'grievance') && !/AP-[A-Z]{3}-\d{4}-\d{6}/.test(last);
  });
  expect(problems.map(({ service, last }) => `${service}: ${last.slice(0, 300)}`)).toEqual([]);
  expect(results.length).toBe(todo.length);
  console.log(`service walk: ${results.length} services completed in the chat`);
}, 900_000);
});
