/**
 * The citizen texts: ICU messages with each language's plurals, Telugu falling
 * back to English and reported, and broken catalogs refused at load with the
 * text named. Also the shipped files (flows/texts) load.
 */
import path from 'node:path';
import { TextCatalog } from '../../platform/texts/catalog';
import { composeSay } from '../../platform/texts/say';
import { projectRoot } from '../../platform/paths';

const texts = new TextCatalog({
  en: { queue: { place: 'Your place in the queue: {position}', services: '{count, plural, one {# service} other {# services}} found' }, common: { choose: 'Choose', yes: 'Yes' } },
  te: { queue: { place: 'క్యూలో మీ స్థానం: {position}', services: '{count, plural, one {# సేవ} other {# సేవలు}} దొరికాయి' }, common: { choose: 'ఎంచుకోండి' } },
});

describe('TextCatalog', () => {
  it('formats in the citizen\'s language with values and plurals', () => {
    expect(texts.format('queue.place', 'te', { position: 3 })).toBe('క్యూలో మీ స్థానం: 3');
    expect(texts.format('queue.services', 'en', { count: 1 })).toBe('1 service found');
    expect(texts.format('queue.services', 'te', { count: 4 })).toBe('4 సేవలు దొరికాయి');
  });

  it('falls back to English for a text Telugu lacks, and for a language it does not speak', () => {
    expect(texts.missing('te')).toEqual(['common.yes']);
    expect(texts.format('common.yes', 'te')).toBe('Yes');
    expect(texts.format('common.choose', 'fr')).toBe('Choose');
    expect(texts.format('common.choose', null)).toBe('Choose');
  });

  it('says which text and which value is missing', () => {
    expect(() => texts.format('queue.nowhere', 'en')).toThrow(/queue\.nowhere/);
    expect(() => texts.format('queue.place', 'en', {})).toThrow(/needs \{position\}/);
  });

  it('refuses at load a broken message, a translation with other values, a key only Telugu has, and a bad key', () => {
    expect(() => new TextCatalog({ en: { a: { b: 'Hello {name' } } })).toThrow(/en a\.b/);
    expect(() => new TextCatalog({ en: { a: { b: 'Hello {name}' } }, te: { a: { b: 'నమస్తే {nam}' } } })).toThrow(/te a\.b: uses \{nam\}/);
    expect(() => new TextCatalog({ en: { a: { b: 'x' } }, te: { a: { c: 'య' } } })).toThrow(/te a\.c: not in en\.json/);
    expect(() => new TextCatalog({ en: { A: { b: 'x' } } })).toThrow(/dotted lower-case/);
    expect(() => new TextCatalog({ en: ['x'] })).toThrow(/must be an object/);
  });

  it('loads the shipped texts with every text in Telugu too', () => {
    const shipped = TextCatalog.load(path.join(projectRoot, 'flows', 'texts'));
    expect(shipped.keys().length).toBeGreaterThan(0);
    expect(shipped.missing('te')).toEqual([]);
  });
});

describe('composeSay', () => {
  it('builds text, buttons and a list in the citizen\'s language', () => {
    expect(composeSay(texts, { kind: 'text', text: 'queue.place', values: { position: 2 }, language: 'en' })).toBe('Your place in the queue: 2');
    expect(composeSay(texts, { kind: 'buttons', text: 'queue.place', values: { position: 2 }, buttons: [{ id: 'ok', text: 'common.choose' }], language: 'te' })).toEqual({
      body: 'క్యూలో మీ స్థానం: 2',
      buttons: [{ id: 'ok', title: 'ఎంచుకోండి' }],
    });
    const rows = [{ id: 'svc_a', title: { en: 'Income certificate', te: 'ఆదాయ ధృవీకరణ పత్రం' }, description: 'x' }];
    expect(composeSay(texts, { kind: 'list', text: 'common.choose', rows, language: 'te' })).toEqual({ body: 'ఎంచుకోండి', button: 'ఎంచుకోండి', rows: [{ id: 'svc_a', title: 'ఆదాయ ధృవీకరణ పత్రం', description: 'x' }] });
  });

  it('refuses a list without rows and buttons without any', () => {
    expect(() => composeSay(texts, { kind: 'list', text: 'common.choose', rows: [], language: 'en' })).toThrow(/needs rows/);
    expect(() => composeSay(texts, { kind: 'buttons', text: 'common.choose', buttons: [], language: 'en' })).toThrow(/at least one button/);
  });
});

describe('TextCatalog against careless values and markup', () => {
  const careful = new TextCatalog({ en: { a: { fee: 'Fee {fee, number} for {count, plural, one {# copy} other {# copies}}', who: 'Hello {name}', bold: 'Send <b>menu</b> now' } } });

  it('refuses values a citizen would see as garbage, naming the value', () => {
    expect(() => careful.format('a.who', 'en', { name: { first: 'Ravi' } })).toThrow(/\{name\} must be text or a number, not object/);
    expect(() => careful.format('a.who', 'en', { name: ['R'] })).toThrow(/not a list/);
    expect(() => careful.format('a.fee', 'en', { fee: 'abc', count: 1 })).toThrow(/\{fee\} must be a number/);
    expect(careful.format('a.fee', 'en', { fee: 35, count: 2 })).toBe('Fee 35 for 2 copies');
  });

  it('says a date in the citizen\'s language, and names a value that is no date', () => {
    const dated = new TextCatalog({ en: { slot: { on: 'Your slot is on {day, date, long}' } }, te: { slot: { on: 'మీ స్లాట్ {day, date, long}న' } } });
    const day = new Date('2026-08-15T06:00:00Z');
    expect(dated.format('slot.on', 'en', { day })).toBe('Your slot is on August 15, 2026');
    expect(dated.format('slot.on', 'te', { day })).toContain('ఆగస్టు');
    // 20:00 UTC on the 15th is the 16th in India.
    expect(dated.format('slot.on', 'en', { day: new Date('2026-08-15T20:00:00Z') })).toBe('Your slot is on August 16, 2026');
    expect(() => dated.format('slot.on', 'en', { day: '15/08/2026' })).toThrow(/citizen text "slot.on": \{day\} must be a date, not string/);
    expect(() => dated.format('slot.on', 'en', { day: new Date('nonsense') })).toThrow(/not an invalid date/);
    // Without a style, and with a skeleton, still India's day.
    const bare = new TextCatalog({ en: { d: { plain: 'On {day, date}', skeleton: 'On {day, date, ::yyyyMMMd}', text: 'On {day}' } } });
    expect(bare.format('d.plain', 'en', { day: new Date('2026-08-15T20:00:00Z') })).toBe('On 8/16/2026');
    expect(bare.format('d.skeleton', 'en', { day: new Date('2026-08-15T20:00:00Z') })).toBe('On Aug 16, 2026');
    // A date as plain text would be the server's English: refused, saying how to write it.
    expect(() => bare.format('d.text', 'en', { day: new Date() })).toThrow(/\{day\} must be text or a number \(write \{day, date, long\}/);
  });

  it('does not take a value from Object\'s prototype', () => {
    const proto = new TextCatalog({ en: { a: { b: 'Hi {constructor}' } } });
    expect(() => proto.format('a.b', 'en', {})).toThrow(/needs \{constructor\}/);
  });

  it('sends angle brackets as written instead of failing on them as tags', () => {
    expect(careful.format('a.bold', 'en')).toBe('Send <b>menu</b> now');
  });

  it('reads a language tag as its language', () => {
    expect(texts.format('common.choose', 'te-IN')).toBe('ఎంచుకోండి');
    expect(texts.format('common.choose', 'TE')).toBe('ఎంచుకోండి');
  });
});
