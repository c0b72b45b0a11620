/** A campaign's audience as admins and flows give it (CSV or rows, numbers as people write them), and its quiet hours. */
import { AudienceError, audienceFromRows, parseAudienceCsv } from '../../platform/broadcast/audience';
import { quietUntil } from '../../platform/broadcast/campaigns';

describe('audience', () => {
  it('reads a mobile number however it is written, and sends to it once', () => {
    const parsed = parseAudienceCsv('Phone,Student\n9876543210,Asha\n09876543210,Asha\n"+91 98765 43210",Asha\n919876543211,"Ravi, Kumar"\n');
    expect(parsed.rows).toEqual([
      { waId: '919876543210', fields: { student: 'Asha' } },
      { waId: '919876543211', fields: { student: 'Ravi, Kumar' } },
    ]);
    expect(parsed.duplicates).toBe(2);
    expect(parsed.problems).toEqual([]);
  });

  it('reports rows without a phone number by their line, and refuses a CSV without a phone column', () => {
    const parsed = parseAudienceCsv('\uFEFFmobile,name\nabc,X\n,Y\n12,Z\n919800000001,W');
    expect(parsed.rows.map((r) => r.waId)).toEqual(['919800000001']);
    expect(parsed.problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(() => parseAudienceCsv('name,student\nA,B')).toThrow(AudienceError);
    expect(() => parseAudienceCsv('')).toThrow(AudienceError);
    expect(() => parseAudienceCsv('phone,x\n"unterminated,1')).toThrow(AudienceError);
  });

  it('takes rows from a flow by the same rules', () => {
    const parsed = audienceFromRows([{ phone: 9876543210, name: 'Asha' }, { Phone: '+919876543210' }, { phone: 'nobody' }, 'not a row', { name: 'no phone' }]);
    expect(parsed.rows).toEqual([{ waId: '919876543210', fields: { name: 'Asha' } }]);
    expect(parsed.duplicates).toBe(1);
    expect(parsed.problems.map((p) => p.line)).toEqual([4, 5, 6]);
  });
});

describe('quiet hours', () => {
  // 2026-12-03 is a Thursday; India is UTC+05:30.
  const ist = (hhmm: string, day = '2026-12-03') => new Date(`${day}T${hhmm}:00+05:30`);
  it('say when the quiet ends, also past midnight, and nothing outside them', () => {
    const night = { from: '21:00', to: '07:00' };
    expect(quietUntil(night, ist('22:15'))).toEqual(ist('07:00', '2026-12-04'));
    expect(quietUntil(night, ist('06:59'))).toEqual(ist('07:00'));
    expect(quietUntil(night, ist('07:00'))).toBeNull();
    expect(quietUntil(night, ist('20:59'))).toBeNull();
    expect(quietUntil({ from: '13:00', to: '14:30' }, ist('13:45'))).toEqual(ist('14:30'));
    expect(quietUntil({ from: '13:00', to: '14:30' }, ist('14:30'))).toBeNull();
    expect(quietUntil(null, ist('22:00'))).toBeNull();
    expect(quietUntil({ from: '10:00', to: '10:00' }, ist('10:00'))).toBeNull();
  });
});
