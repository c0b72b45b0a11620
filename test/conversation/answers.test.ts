/** What the ask node accepts, kind by kind, and the hint each refusal carries. */
import { checkAnswer } from '../../platform/conversation/answers';
import { composeQuestion, pageOf, splitReplyId } from '../../platform/conversation/question';
import { TextCatalog } from '../../platform/texts/catalog';
import { defaultFlowsDir } from '../../platform/paths';
import path from 'node:path';

const text = (t: string) => ({ type: 'text', text: t });
const today = new Date('2026-08-15T06:00:00Z');

describe('answers', () => {
  it('takes text within its length, and asks again for a photo where words were asked', () => {
    expect(checkAnswer('text', text('  Street light off for a week  '), { min: 10 })).toEqual({ ok: true, value: 'Street light off for a week' });
    expect(checkAnswer('text', text('bad'), { min: 10, max: 200 })).toEqual({ ok: false, hint: 'ask.hint.text_length', values: { min: 10, max: 200 } });
    expect(checkAnswer('text', { type: 'image', media: { id: 'm1', mime_type: 'image/jpeg' } })).toEqual({ ok: false, hint: 'ask.hint.text' });
    // A number of a set form: spaces out, letters upper-cased.
    expect(checkAnswer('text', text('28 1234 5678'), { pattern: /^28\d{8}$/ })).toEqual({ ok: true, value: '2812345678' });
    expect(checkAnswer('text', text('2712345678'), { pattern: /^28\d{8}$/ })).toEqual({ ok: false, hint: 'ask.hint.text_pattern' });
    expect(checkAnswer('text', text('౨౮౧౨౩౪౫౬౭౮'), { pattern: /^28\d{8}$/ })).toEqual({ ok: true, value: '2812345678' });
    expect(checkAnswer('text', text('28-1234/5678'), { pattern: /^28\d{8}$/ })).toEqual({ ok: true, value: '2812345678' });
    expect(checkAnswer('text', text('1'.repeat(70)), { pattern: /^1+$/ })).toMatchObject({ ok: false });
  });

  it('reads numbers as citizens write them, Telugu digits too', () => {
    expect(checkAnswer('number', text('1,20,000'))).toEqual({ ok: true, value: 120000 });
    expect(checkAnswer('number', text('₹ 450'))).toEqual({ ok: true, value: 450 });
    expect(checkAnswer('number', text('౧౨'))).toEqual({ ok: true, value: 12 });
    expect(checkAnswer('number', text('twelve'))).toMatchObject({ ok: false, hint: 'ask.hint.number' });
    expect(checkAnswer('number', text('130'), { min: 1, max: 120 })).toMatchObject({ ok: false, hint: 'ask.hint.number_range', values: { min: 1, max: 120 } });
  });

  it('reads dates day first, refuses impossible ones, and keeps the past or future rule in India\'s time', () => {
    expect(checkAnswer('date', text('5/8/2026'), {}, [], today)).toEqual({ ok: true, value: '2026-08-05' });
    expect(checkAnswer('date', text('05-08-26'), {}, [], today)).toEqual({ ok: true, value: '2026-08-05' });
    expect(checkAnswer('date', text('2026-08-05'), {}, [], today)).toEqual({ ok: true, value: '2026-08-05' });
    expect(checkAnswer('date', text('31/02/2026'), {}, [], today)).toMatchObject({ ok: false, hint: 'ask.hint.date' });
    expect(checkAnswer('date', text('16/08/2026'), { when: 'past' }, [], today)).toMatchObject({ ok: false, hint: 'ask.hint.date_past' });
    expect(checkAnswer('date', text('14/08/2026'), { when: 'future' }, [], today)).toMatchObject({ ok: false, hint: 'ask.hint.date_future' });
    // 20:00 UTC on the 15th is already the 16th in India.
    expect(checkAnswer('date', text('16/08/2026'), { when: 'past' }, [], new Date('2026-08-15T20:00:00Z'))).toEqual({ ok: true, value: '2026-08-16' });
  });

  it('takes yes and no as buttons or words in both languages', () => {
    expect(checkAnswer('yes_no', { type: 'interactive', reply: { id: 'yes' } })).toEqual({ ok: true, value: true });
    expect(checkAnswer('yes_no', text('అవును'))).toEqual({ ok: true, value: true });
    expect(checkAnswer('yes_no', text('vaddu'))).toEqual({ ok: true, value: false });
    expect(checkAnswer('yes_no', text('maybe'))).toMatchObject({ ok: false, hint: 'ask.hint.yes_no' });
  });

  it('takes a choice by tap, by number or by title in either language', () => {
    const options = [{ id: 'revenue', title: { en: 'Revenue', te: 'రెవెన్యూ' } }, { id: 'police', title: { en: 'Police', te: 'పోలీసు' } }];
    expect(checkAnswer('choice', { type: 'interactive', reply: { id: 'police' } }, {}, options)).toEqual({ ok: true, value: 'police' });
    expect(checkAnswer('choice', text('2'), {}, options)).toEqual({ ok: true, value: 'police' });
    expect(checkAnswer('choice', text('రెవెన్యూ'), {}, options)).toEqual({ ok: true, value: 'revenue' });
    expect(checkAnswer('choice', text('3'), {}, options)).toMatchObject({ ok: false, hint: 'ask.hint.choice' });
    expect(checkAnswer('choice', { type: 'interactive', reply: { id: 'other' } }, {}, options)).toMatchObject({ ok: false });
  });

  it('takes phone numbers, PIN codes and application numbers in their one form', () => {
    expect(checkAnswer('phone', text('098765-43210'))).toEqual({ ok: true, value: '919876543210' });
    expect(checkAnswer('phone', text('+91 98765 43210'))).toEqual({ ok: true, value: '919876543210' });
    expect(checkAnswer('phone', text('12345'))).toMatchObject({ ok: false, hint: 'ask.hint.phone' });
    expect(checkAnswer('phone', text('౯౮౭౬౫ ౪౩౨౧౦'))).toEqual({ ok: true, value: '919876543210' });
    expect(checkAnswer('pin_code', text('520 001'))).toEqual({ ok: true, value: '520001' });
    expect(checkAnswer('pin_code', text('12345'))).toMatchObject({ ok: false, hint: 'ask.hint.pin_code' });
    expect(checkAnswer('pin_code', text('052000'))).toMatchObject({ ok: false });
    expect(checkAnswer('reference', text('ap-rev-2026-000123'))).toEqual({ ok: true, value: 'AP-REV-2026-000123' });
    expect(checkAnswer('reference', text('ap rev 2026 123'))).toEqual({ ok: true, value: 'AP-REV-2026-000123' });
    expect(checkAnswer('reference', text('2812345678'))).toMatchObject({ ok: false, hint: 'ask.hint.reference' });
  });

  it('takes a department\'s number as printed, or of the form the input gives', () => {
    expect(checkAnswer('identifier', text('ssc 2026 0012'))).toEqual({ ok: true, value: 'SSC20260012' });
    expect(checkAnswer('identifier', text('cdma/bc/2026/000001'))).toEqual({ ok: true, value: 'CDMA/BC/2026/000001' });
    expect(checkAnswer('identifier', text('౧౨౩౪౫'))).toEqual({ ok: true, value: '12345' });
    for (const bad of ['ab', '-123', '12//34', 'x'.repeat(41), 'card #12']) expect(checkAnswer('identifier', text(bad))).toMatchObject({ ok: false, hint: 'ask.hint.identifier' });
    const card = { pattern: /^28\d{8}$/i };
    expect(checkAnswer('identifier', text('28-1234-5678'), card)).toEqual({ ok: true, value: '2812345678' });
    expect(checkAnswer('identifier', text('2912345678'), card)).toMatchObject({ ok: false, hint: 'ask.hint.identifier' });
  });

  it('takes a location, a photo and a document from the message they came in', () => {
    expect(checkAnswer('location', { type: 'location', location: { latitude: 16.5, longitude: 80.6, name: 'Vijayawada' } })).toEqual({ ok: true, value: { latitude: 16.5, longitude: 80.6, name: 'Vijayawada' } });
    expect(checkAnswer('location', text('near the temple'))).toMatchObject({ ok: false, hint: 'ask.hint.location' });
    expect(checkAnswer('photo', { type: 'image', media: { id: 'm1', mime_type: 'image/jpeg', caption: 'pole 17' } })).toEqual({ ok: true, value: { id: 'm1', mime_type: 'image/jpeg', caption: 'pole 17' } });
    expect(checkAnswer('document', { type: 'document', media: { id: 'd1', mime_type: 'application/pdf', filename: 'patta.pdf' } })).toEqual({ ok: true, value: { id: 'd1', mime_type: 'application/pdf', filename: 'patta.pdf' } });
    expect(checkAnswer('photo', { type: 'document', media: { id: 'd1', mime_type: 'application/pdf' } })).toMatchObject({ ok: false, hint: 'ask.hint.photo' });
  });
});

describe('questions', () => {
  const texts = TextCatalog.load(path.join(defaultFlowsDir, 'texts'));
  const options = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `o${i + 1}`, title: { en: `Option ${i + 1}`, te: `ఎంపిక ${i + 1}` } }));

  it('shows up to 3 short options as buttons and more as a list, paged 9 at a time beyond 10', () => {
    const buttons = composeQuestion(texts, { text: 'common.choose', language: 'te', kind: 'choice', token: 'T1', options: options(3) }) as { buttons: Array<{ id: string; title: string }> };
    expect(buttons.buttons.map((b) => b.id)).toEqual(['T1.o1', 'T1.o2', 'T1.o3']);
    expect(buttons.buttons[0]!.title).toBe('ఎంపిక 1');
    const ten = composeQuestion(texts, { text: 'common.choose', language: 'en', kind: 'choice', token: 'T1', options: options(10) }) as { rows: Array<{ id: string }> };
    expect(ten.rows).toHaveLength(10);
    const first = composeQuestion(texts, { text: 'common.choose', language: 'en', kind: 'choice', token: 'T1', options: options(20), page: 1 }) as { rows: Array<{ id: string }> };
    expect(first.rows.map((r) => r.id)).toEqual([...options(9).map((o) => `T1.${o.id}`), 'T1.~page.2']);
    const last = composeQuestion(texts, { text: 'common.choose', language: 'en', kind: 'choice', token: 'T1', options: options(20), page: 3 }) as { rows: Array<{ id: string }> };
    expect(last.rows.map((r) => r.id)).toEqual(['T1.o19', 'T1.o20', 'T1.~page.1']);
    expect(pageOf(splitReplyId('T1.~page.2').option)).toBe(2);
    expect(splitReplyId('plain')).toEqual({ token: null, option: 'plain' });
  });

  it('puts the hint before the question, in the citizen\'s language', () => {
    const asked = composeQuestion(texts, { text: 'common.choose', language: 'te', kind: 'pin_code', token: 'T', hint: { key: 'ask.hint.pin_code' } });
    expect(asked).toBe(`${texts.format('ask.hint.pin_code', 'te')}\n\n${texts.format('common.choose', 'te')}`);
  });
});
