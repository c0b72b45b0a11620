/** A campaign's audience as admins and flows give it: CSV or rows, numbers as people write them. */
import { AudienceError, audienceFromRows, parseAudienceCsv } from '../../platform/broadcast/audience';

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
