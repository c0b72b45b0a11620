import { checkAadhaarOrVid, digitRuns, maskAadhaar, maskAadhaarIn, verhoeffDigit, verhoeffValid } from '../../platform/identity/aadhaar/numbers';

describe('Verhoeff', () => {
  // UIDAI's published 9999 2222 test residents (uidai-aadhaar reference §2.6) and Verhoeff's own example.
  it.each(['999922220032', '999922220013', '999922220021', '999922220045', '999922220050', '999922220066', '999922220078', '2363', '236'.concat('3')])('accepts %s', (n) => {
    expect(verhoeffValid(n)).toBe(true);
  });
  // The older 9999 9999 00xx staging numbers fail the check (the reference says otherwise; computed
  // here by hand and against Wikipedia's tables): the simulator's residents do not use them.
  it.each(['999999990019', '999999990026', '999999990042', '999999990057', '999999990018', '999999990091', '2364', '999922220031', '12a4'])('refuses %s', (n) => {
    expect(verhoeffValid(n)).toBe(false);
  });
  it('computes the check digit that makes a body valid', () => {
    expect(verhoeffDigit('236')).toBe('3');
    expect(verhoeffDigit('99992222003')).toBe('2');
    for (const body of ['23456789012', '87654321098', '123456789012345']) expect(verhoeffValid(body + verhoeffDigit(body))).toBe(true);
  });
  it('catches every single-digit error and every adjacent swap of a valid number', () => {
    const valid = '999922220032';
    for (let i = 0; i < valid.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[i]) continue;
        expect(verhoeffValid(valid.slice(0, i) + d + valid.slice(i + 1))).toBe(false);
      }
      if (i + 1 < valid.length && valid[i] !== valid[i + 1]) expect(verhoeffValid(valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2))).toBe(false);
    }
  });
});

describe('checkAadhaarOrVid', () => {
  it('reads a number typed with spaces, hyphens or Telugu digits', () => {
    expect(checkAadhaarOrVid('9999 2222 0013')).toEqual({ ok: true, kind: 'A', digits: '999922220013' });
    expect(checkAadhaarOrVid('9999-2222-0032')).toEqual({ ok: true, kind: 'A', digits: '999922220032' });
    expect(checkAadhaarOrVid('౯౯౯౯౨౨౨౨౦౦౧౩')).toEqual({ ok: true, kind: 'A', digits: '999922220013' });
  });
  it('takes a 16-digit VID that passes Verhoeff', () => {
    const body = '912345678901234';
    expect(checkAadhaarOrVid(body + verhoeffDigit(body))).toEqual({ ok: true, kind: 'V', digits: body + verhoeffDigit(body) });
  });
  it('says why a number is refused', () => {
    expect(checkAadhaarOrVid('99999999001')).toEqual({ ok: false, problem: 'length' });
    expect(checkAadhaarOrVid('hello')).toEqual({ ok: false, problem: 'length' });
    const body = '12345678901';
    expect(checkAadhaarOrVid(body + verhoeffDigit(body))).toEqual({ ok: false, problem: 'first' });
    expect(checkAadhaarOrVid('999999990018')).toEqual({ ok: false, problem: 'checksum' });
  });
});

describe('masking', () => {
  it('shows only the last four digits', () => {
    expect(maskAadhaar('999999990019')).toBe('XXXX XXXX 0019');
    expect(maskAadhaar('9123456789012345')).toBe('XXXX XXXX XXXX 2345');
  });
  it('masks every valid number in free text and leaves other numbers alone', () => {
    const text = 'aadhaar 9999 2222 0013, also 999922220032; phone 9876543210; bad 999999990018; ౯౯౯౯౨౨౨౨౦౦౧౩.';
    expect(maskAadhaarIn(text)).toBe('aadhaar XXXX XXXX 0013, also XXXX XXXX 0032; phone 9876543210; bad 999999990018; XXXX XXXX 0013.');
    expect(digitRuns(text).flatMap((r) => r.numbers.map((n) => n.digits))).toEqual(['999922220013', '999922220032', '999922220013']);
  });
  it('masks a number however it is grouped and in whatever digits it is typed', () => {
    for (const typed of ['999 922 220 013', '99 99 22 22 00 13', '9999-2222-0013', '9999 -- 2222 -- 0013', '9999,2222,0013', '9999_2222_0013', '9999.2222.0013', '९९९९ २२२२ ००१३', '９９９９２２２２００１３', '౯౯౯౯ ౨౨౨౨ ౦౦౧౩']) {
      expect([typed, maskAadhaarIn(`aadhaar: ${typed}!`)]).toEqual([typed, 'aadhaar: XXXX XXXX 0013!']);
    }
    expect(maskAadhaarIn('9999/2222/0013 and 9999  2222  0021')).toBe('XXXX XXXX 0013 and XXXX XXXX 0021');
  });
  it('masks the whole run a number is in: no digit of it is left beside the mask', () => {
    expect(maskAadhaarIn('9999 2222 0013 2019')).toBe('XXXX XXXX 0013');
    // A mobile number on the line before: whichever it is, the number is masked and the mobile is not cut into it.
    for (let i = 0; i < 500; i++) {
      const mobile = String(9000000000 + i * 7919);
      const masked = maskAadhaarIn(`${mobile}\n9999 2222 0013`);
      expect(masked.replace(/\D/g, '')).not.toContain('99992222');
      expect(masked.replace(/\s/g, '')).not.toMatch(/9{4}\D*2{4}/);
      expect(masked).toMatch(/XXXX XXXX (0013|\d{4})$/);
    }
  });
  it('leaves alone what is not an Aadhaar number: a phone written as one, a long account number, short numbers', () => {
    // '91' + a mobile whose twelve digits pass Verhoeff: with its + it is a phone number.
    const body = '91987654321';
    const phone = body + verhoeffDigit(body);
    expect(verhoeffValid(phone)).toBe(true);
    expect(maskAadhaarIn(`call +${phone}`)).toBe(`call +${phone}`);
    expect(maskAadhaarIn(`call +91 ${phone.slice(2, 7)} ${phone.slice(7)}`)).toBe(`call +91 ${phone.slice(2, 7)} ${phone.slice(7)}`);
    // Without the + it may be an Aadhaar number: masked.
    expect(maskAadhaarIn(phone)).toBe(`XXXX XXXX ${phone.slice(-4)}`);
    // An 18-digit account number written without separators is never cut into windows that pass.
    for (let i = 0; i < 200; i++) {
      const account = String(100000000000000000n + BigInt(i) * 7919n);
      expect(maskAadhaarIn(`account ${account}`)).toBe(`account ${account}`);
    }
    expect(maskAadhaarIn('no change, 9876543210')).toBe('no change, 9876543210');
  });
  it('never joins a mobile number, a PIN code or a ration card number to a neighbour to make a number', () => {
    for (let i = 0; i < 300; i++) {
      const mobile = String(9000000000 + i * 7919);
      const pin = String(500001 + i * 97).slice(0, 6);
      const card = String(2800000000 + i * 104729);
      for (const answer of [`Guntur, ${pin}, ${mobile}`, `${card}, ${pin}`, `${mobile} ${pin}`, `${card} ${mobile}`]) expect(maskAadhaarIn(answer)).toBe(answer);
    }
  });
  it('takes a VID written in groups as the VID, not as the 12-digit numbers inside it', () => {
    for (let i = 0; i < 300; i++) {
      const body = String(912345678901234n + BigInt(i) * 7919n);
      const vid = body + verhoeffDigit(body);
      const grouped = vid.replace(/(\d{4})(?=\d)/g, '$1 ');
      const runs = digitRuns(`my VID is ${grouped}`);
      expect(runs.flatMap((r) => r.numbers)).toEqual([{ kind: 'V', digits: vid }]);
    }
  });
});
