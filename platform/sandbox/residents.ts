/**
 * The sandbox's test residents: the people the UIDAI and DigiLocker
 * simulators know. Their Aadhaar numbers are UIDAI's published staging test
 * numbers of the 9999 2222 series (they pass Verhoeff; reference §2.6), so
 * numbers tried here are also known to UIDAI's staging; everything else
 * starting 9999 is "not in CIDR" (998/A201). Their mobiles are the sample
 * citizens of the chat page (+91 90000 00101 …), so the OTP "SMS" shows up in
 * the chat of the citizen who owns the number.
 *
 * Documented in README (Sandbox: test residents). Nothing here is a real person.
 */

export type ResidentFault =
  /** UIDAI answers 998 with action A202 (service temporarily unavailable): retried once, then "try later". */
  | 'uidai-unavailable'
  /** UIDAI answers the OTP request with 111: no mobile registered with Aadhaar. */
  | 'no-mobile'
  /** DigiLocker's repository answers 500 repository_service_unresponsive for this resident's files. */
  | 'digilocker-unavailable';

export interface ResidentDocument {
  /** DigiLocker doc type (reference §3.6): CTCER caste, INCER income, BTCER birth, RCCER ration card, DRVLC driving licence, SSCER class X. */
  doctype: 'CTCER' | 'INCER' | 'BTCER' | 'RCCER' | 'DRVLC' | 'SSCER';
  /** The issuer's document number (≤ 10 letters and digits): the URI's last part. */
  docId: string;
  issuer: string;
  issuerId: string;
  /** DD-MM-YYYY, as DigiLocker's live data has it. */
  issueDate: string;
  /** What the certificate says, type by type (caste category, annual income, card type …). */
  details: Record<string, string>;
}

export interface Resident {
  aadhaar: string;
  /** A Virtual ID mapped to the number, where the resident made one. */
  vid?: string;
  name: { en: string; te: string };
  gender: 'M' | 'F' | 'T';
  /** YYYY-MM-DD. */
  dob: string;
  /** Care-of, as on the card. */
  careOf: string;
  address: { house: string; street: string; vtc: string; subdist: string; district: string; pincode: string };
  /** With the country code, as a wa_id (the chat page's sample citizens); null: none registered. */
  mobile: string | null;
  /** The resident's DigiLocker account id (a UUID), for those who have one. */
  digilockerId: string | null;
  documents: ResidentDocument[];
  fault?: ResidentFault;
}

const AP_REVENUE = { issuer: 'Revenue Department, Government of Andhra Pradesh', issuerId: 'in.gov.ap.revenue' };
const AP_CIVIL_SUPPLIES = { issuer: 'Civil Supplies Department, Government of Andhra Pradesh', issuerId: 'in.gov.ap.civilsupplies' };
const AP_MUNICIPAL = { issuer: 'Commissioner and Director of Municipal Administration, Andhra Pradesh', issuerId: 'in.gov.ap.cdma' };
const AP_TRANSPORT = { issuer: 'Transport Department, Government of Andhra Pradesh', issuerId: 'in.gov.ap.transport' };
const BSEAP = { issuer: 'Board of Secondary Education, Andhra Pradesh', issuerId: 'in.gov.bseap' };

export const RESIDENTS: readonly Resident[] = [
  {
    aadhaar: '999922220013',
    vid: '9999410123456780',
    name: { en: 'Lakshmi Devi Kommineni', te: 'కొమ్మినేని లక్ష్మీ దేవి' },
    gender: 'F',
    dob: '1984-03-12',
    careOf: 'W/O Srinivasa Rao Kommineni',
    address: { house: '12-4-56', street: 'Gandhi Nagar', vtc: 'Tenali', subdist: 'Tenali', district: 'Guntur', pincode: '522201' },
    mobile: '919000000101',
    digilockerId: '5b0e8c7a-3f41-4a57-9b8e-2d7c1a9e0f13',
    documents: [
      { doctype: 'CTCER', docId: 'CT7K2Q9D4M', ...AP_REVENUE, issueDate: '14-06-2019', details: { caste: 'Kamma', category: 'GC', subCategory: '', mandal: 'Tenali' } },
      { doctype: 'INCER', docId: 'IN4R8T2W6B', ...AP_REVENUE, issueDate: '02-04-2026', details: { annualIncome: '96000', mandal: 'Tenali' } },
      { doctype: 'RCCER', docId: 'RC2802417', ...AP_CIVIL_SUPPLIES, issueDate: '01-01-2022', details: { cardNumber: '2802417365', cardType: 'Rice card', members: '4' } },
    ],
  },
  {
    aadhaar: '999922220021',
    name: { en: 'Ravi Kumar Gollapalli', te: 'గొల్లపల్లి రవి కుమార్' },
    gender: 'M',
    dob: '1979-11-02',
    careOf: 'S/O Yesudas Gollapalli',
    address: { house: '48-7-19', street: 'Srinagar Colony', vtc: 'Visakhapatnam', subdist: 'Visakhapatnam Urban', district: 'Visakhapatnam', pincode: '530016' },
    mobile: '919000000102',
    digilockerId: '9d3f6a21-7c84-4e0b-a5d2-61f8b3c9e724',
    documents: [
      { doctype: 'CTCER', docId: 'CT3N6P1X8J', ...AP_REVENUE, issueDate: '21-08-2015', details: { caste: 'Mala', category: 'SC', subCategory: '', mandal: 'Visakhapatnam Urban' } },
      { doctype: 'INCER', docId: 'IN9V5C3L7K', ...AP_REVENUE, issueDate: '11-05-2026', details: { annualIncome: '144000', mandal: 'Visakhapatnam Urban' } },
      { doctype: 'DRVLC', docId: 'AP31201100', ...AP_TRANSPORT, issueDate: '03-02-2011', details: { licenceNumber: 'AP3120110012345', classes: 'LMV, MCWG', validTill: '02-11-2029' } },
    ],
  },
  {
    aadhaar: '999922220032',
    name: { en: 'Seethamma Boya', te: 'బోయ సీతమ్మ' },
    gender: 'F',
    dob: '1956-07-01',
    careOf: 'W/O Ramanna Boya',
    address: { house: '3-112', street: 'Main Road', vtc: 'Pattikonda', subdist: 'Pattikonda', district: 'Kurnool', pincode: '518380' },
    mobile: '919000000103',
    digilockerId: '1c7e4b90-58d3-4f2a-8e61-b9a04d2c7f35',
    documents: [
      { doctype: 'CTCER', docId: 'CT8H4F6Z2R', ...AP_REVENUE, issueDate: '09-12-2012', details: { caste: 'Boya', category: 'OBC', subCategory: 'BC-A', mandal: 'Pattikonda' } },
      { doctype: 'INCER', docId: 'IN6S1Y9Q3T', ...AP_REVENUE, issueDate: '18-03-2026', details: { annualIncome: '60000', mandal: 'Pattikonda' } },
      { doctype: 'RCCER', docId: 'RC2811093', ...AP_CIVIL_SUPPLIES, issueDate: '01-01-2022', details: { cardNumber: '2811093548', cardType: 'Antyodaya Anna Yojana', members: '2' } },
    ],
  },
  {
    aadhaar: '999922220045',
    name: { en: 'Venkata Ramana Reddy Pothula', te: 'పోతుల వెంకట రమణ రెడ్డి' },
    gender: 'M',
    dob: '1990-01-15',
    careOf: 'S/O Chenna Reddy Pothula',
    address: { house: '7-2-31', street: 'Kamalanagar', vtc: 'Anantapur', subdist: 'Anantapur', district: 'Anantapuramu', pincode: '515001' },
    mobile: '919000000104',
    digilockerId: '7a2c9e14-0b63-4d8f-9c35-e1f7a6b08d42',
    documents: [
      { doctype: 'BTCER', docId: 'BT5G7M2N9C', ...AP_MUNICIPAL, issueDate: '20-01-1990', details: { placeOfBirth: 'Government General Hospital, Anantapur', registrationNumber: '1990/ATP/000412' } },
      { doctype: 'DRVLC', docId: 'AP02201500', ...AP_TRANSPORT, issueDate: '11-07-2015', details: { licenceNumber: 'AP0220150067890', classes: 'MCWG, LMV', validTill: '14-01-2030' } },
    ],
  },
  {
    aadhaar: '999922220050',
    name: { en: 'Fathima Shaik', te: 'షేక్ ఫాతిమా' },
    gender: 'F',
    dob: '2001-09-23',
    careOf: 'D/O Khasim Shaik',
    address: { house: '26-11-8', street: 'Islampet', vtc: 'Vijayawada', subdist: 'Vijayawada Central', district: 'NTR', pincode: '520001' },
    mobile: '919000000105',
    digilockerId: '3e8b1d57-a4c2-4b96-8f07-c25d9e3a61b8',
    documents: [
      { doctype: 'CTCER', docId: 'CT1W9E5U3Y', ...AP_REVENUE, issueDate: '30-05-2017', details: { caste: 'Dudekula', category: 'OBC', subCategory: 'BC-B', mandal: 'Vijayawada Central' } },
      { doctype: 'SSCER', docId: 'SS2017A913', ...BSEAP, issueDate: '29-04-2017', details: { rollNumber: '1713104567', result: 'Pass, GPA 9.2', year: '2017' } },
    ],
  },
  {
    aadhaar: '999922220066',
    name: { en: 'Suresh Babu Karri', te: 'కర్రి సురేష్ బాబు' },
    gender: 'M',
    dob: '1972-05-30',
    careOf: 'S/O Appa Rao Karri',
    address: { house: '5-9-2', street: 'Danavaipeta', vtc: 'Rajahmundry', subdist: 'Rajahmundry Urban', district: 'East Godavari', pincode: '533103' },
    mobile: '919000000106',
    digilockerId: null,
    documents: [],
    fault: 'uidai-unavailable',
  },
  {
    aadhaar: '999922220078',
    name: { en: 'Narayana Rao Chinta', te: 'చింతా నారాయణ రావు' },
    gender: 'M',
    dob: '1948-12-08',
    careOf: 'S/O Ramaiah Chinta',
    address: { house: '1-45', street: 'Temple Street', vtc: 'Palasa', subdist: 'Palasa', district: 'Srikakulam', pincode: '532221' },
    mobile: null,
    digilockerId: '6f4a0c83-d915-4e27-b3a8-07e5c1f92d6a',
    documents: [{ doctype: 'INCER', docId: 'IN2D8K4H6P', ...AP_REVENUE, issueDate: '07-02-2026', details: { annualIncome: '48000', mandal: 'Palasa' } }],
    fault: 'no-mobile',
  },
];

