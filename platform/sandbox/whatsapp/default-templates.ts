/**
 * The sandbox's approved templates: what a state government department
 * typically gets approved for WhatsApp (all UTILITY except one MARKETING
 * scheme announcement), each in English and Telugu. Placeholders are
 * positional {{n}} as in Meta's template manager.
 */
import type { TemplateDefinition } from './templates';

const FOOTER_EN = { type: 'FOOTER', text: 'Jansetu citizen services' } as const;
const FOOTER_TE = { type: 'FOOTER', text: 'జనసేతు పౌర సేవలు' } as const;

export const DEFAULT_TEMPLATES: TemplateDefinition[] = [
  {
    name: 'certificate_ready',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'DOCUMENT' },
      {
        type: 'BODY',
        text: 'Dear {{1}}, your {{2}} certificate for application {{3}} has been issued. The signed certificate is attached to this message.',
      },
      FOOTER_EN,
    ],
  },
  {
    name: 'certificate_ready',
    language: 'te',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'DOCUMENT' },
      { type: 'BODY', text: 'ప్రియమైన {{1}}, దరఖాస్తు {{3}} కు సంబంధించిన మీ {{2}} ధృవీకరణ పత్రం జారీ చేయబడింది. సంతకం చేసిన పత్రం ఈ సందేశంతో జతచేయబడింది.' },
      FOOTER_TE,
    ],
  },
  {
    name: 'application_status',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'BODY', text: 'Dear {{1}}, the status of your application {{2}} for {{3}} is now: {{4}}.' },
      FOOTER_EN,
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Track again' }, { type: 'QUICK_REPLY', text: 'Talk to an officer' }] },
    ],
  },
  {
    name: 'application_status',
    language: 'te',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'BODY', text: 'ప్రియమైన {{1}}, {{3}} కోసం మీ దరఖాస్తు {{2}} ప్రస్తుత స్థితి: {{4}}.' },
      FOOTER_TE,
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'మళ్ళీ చూడండి' }, { type: 'QUICK_REPLY', text: 'అధికారితో మాట్లాడండి' }] },
    ],
  },
  {
    name: 'bill_due',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: '{{1}} bill due' },
      { type: 'BODY', text: 'Dear {{1}}, your bill of ₹{{2}} for service number {{3}} is due on {{4}}. Pay before the due date to avoid a late fee.' },
      FOOTER_EN,
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Pay now', url: 'https://pay.jansetu.example.gov.in/bills/{{1}}' }] },
    ],
  },
  {
    name: 'bill_due',
    language: 'te',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: '{{1}} బిల్లు గడువు' },
      { type: 'BODY', text: 'ప్రియమైన {{1}}, సర్వీస్ నంబర్ {{3}} కు మీ బిల్లు ₹{{2}} చెల్లించవలసిన తేదీ {{4}}. ఆలస్య రుసుము నివారించడానికి గడువులోగా చెల్లించండి.' },
      FOOTER_TE,
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'ఇప్పుడే చెల్లించండి', url: 'https://pay.jansetu.example.gov.in/bills/{{1}}' }] },
    ],
  },
  {
    name: 'school_alert',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Notice from {{1}}' },
      { type: 'BODY', text: 'Dear parent of {{1}}, {{2}} Date: {{3}}.' },
      FOOTER_EN,
    ],
  },
  {
    name: 'school_alert',
    language: 'te',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: '{{1}} నుండి సమాచారం' },
      { type: 'BODY', text: '{{1}} తల్లిదండ్రులకు, {{2}} తేదీ: {{3}}.' },
      FOOTER_TE,
    ],
  },
  {
    name: 'scheme_announcement',
    language: 'en_US',
    status: 'APPROVED',
    category: 'MARKETING',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'Applications for {{1}} are open until {{2}}. Reply to check whether you are eligible.' },
      FOOTER_EN,
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Check eligibility' }, { type: 'QUICK_REPLY', text: 'Stop updates' }] },
    ],
  },
  {
    name: 'scheme_announcement',
    language: 'te',
    status: 'APPROVED',
    category: 'MARKETING',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: '{{1}} పథకానికి దరఖాస్తులు {{2}} వరకు స్వీకరించబడతాయి. మీ అర్హత తెలుసుకోవడానికి సమాధానం ఇవ్వండి.' },
      FOOTER_TE,
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'అర్హత తెలుసుకోండి' }, { type: 'QUICK_REPLY', text: 'సందేశాలు ఆపండి' }] },
    ],
  },
  {
    name: 'booking_ticket',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'DOCUMENT' },
      { type: 'BODY', text: 'Dear {{1}}, your {{2}} is confirmed: booking {{3}}, {{4}}. Your ticket is attached; show it at the counter.' },
      FOOTER_EN,
    ],
  },
  {
    name: 'booking_ticket',
    language: 'te',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'DOCUMENT' },
      { type: 'BODY', text: 'ప్రియమైన {{1}}, మీ {{2}} నిర్ధారించబడింది: బుకింగ్ {{3}}, {{4}}. మీ టికెట్ జతచేయబడింది; కౌంటర్ వద్ద చూపించండి.' },
      FOOTER_TE,
    ],
  },
  {
    name: 'payment_receipt',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'DOCUMENT' },
      { type: 'BODY', text: 'Dear {{1}}, we received your payment of {{2}} for {{3}} (order {{4}}). Your {{5}} is attached to this message.' },
      FOOTER_EN,
    ],
  },
  {
    name: 'payment_receipt',
    language: 'te',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'DOCUMENT' },
      { type: 'BODY', text: 'ప్రియమైన {{1}}, {{3}} కోసం మీరు చెల్లించిన {{2}} అందింది (ఆర్డర్ {{4}}). మీ {{5}} ఈ సందేశంతో జతచేయబడింది.' },
      FOOTER_TE,
    ],
  },
  {
    name: 'payment_refund',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'BODY', text: 'Dear {{1}}, your payment of {{2}} for {{3}} (order {{4}}) is being refunded: {{5}}. It reaches your account in 5 to 7 working days.' },
      FOOTER_EN,
    ],
  },
  {
    name: 'payment_refund',
    language: 'te',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'BODY', text: 'ప్రియమైన {{1}}, {{3}} కోసం మీరు చెల్లించిన {{2}} (ఆర్డర్ {{4}}) తిరిగి చెల్లించబడుతోంది: {{5}}. 5 నుండి 7 పని దినాల్లో మీ ఖాతాకు చేరుతుంది.' },
      FOOTER_TE,
    ],
  },
];
