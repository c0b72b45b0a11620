/**
 * Message templates as the simulator knows them: definitions in the shape of
 * Meta's `message_templates` API, lookup by name + language, and the checks a
 * template send gets (132001 unknown/not approved, 132015/132016 paused or
 * disabled, 132000 parameter count, 132012 header format).
 */
import { createHash } from 'node:crypto';

export type TemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
export type TemplateCategory = 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
export type TemplateMediaFormat = 'IMAGE' | 'VIDEO' | 'DOCUMENT';

export type TemplateButton =
  | { type: 'QUICK_REPLY'; text: string }
  | { type: 'URL'; text: string; url: string }
  | { type: 'PHONE_NUMBER'; text: string; phone_number: string };

export type TemplateComponent =
  | { type: 'HEADER'; format: 'TEXT'; text: string }
  | { type: 'HEADER'; format: TemplateMediaFormat }
  | { type: 'BODY'; text: string }
  | { type: 'FOOTER'; text: string }
  | { type: 'BUTTONS'; buttons: TemplateButton[] };

export interface TemplateDefinition {
  /** Meta's numeric template id; derived from name + language when omitted. */
  id?: string;
  name: string;
  /** e.g. en_US, te, hi */
  language: string;
  status: TemplateStatus;
  category: TemplateCategory;
  parameter_format?: 'POSITIONAL' | 'NAMED';
  components: TemplateComponent[];
}

export type ListedTemplate = TemplateDefinition & { id: string };

export interface TemplatePage {
  data: ListedTemplate[];
  paging: { cursors: { before: string; after: string } };
  hasMore: boolean;
}

/** A template send refused with this Graph error code. */
export interface TemplateRejection {
  code: number;
  details: string;
}

export type TemplateCheck = { ok: true; template: ListedTemplate } | ({ ok: false } & TemplateRejection);

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const MAX_PAGE = 100;
const DEFAULT_PAGE = 25;

export class TemplateCatalog {
  private readonly templates: ListedTemplate[];

  constructor(definitions: readonly TemplateDefinition[]) {
    this.templates = definitions.map((t) => ({ ...t, id: t.id ?? templateId(t.name, t.language) }));
  }

  all(): readonly ListedTemplate[] {
    return this.templates;
  }

  find(name: string, language: string): ListedTemplate | undefined {
    return this.templates.find((t) => t.name === name && t.language === language);
  }

  /** Cursor paging like the Graph API: opaque `after`/`before` cursors around a page of `limit`. */
  /** null when `after` is not a cursor this catalog issued. */
  page(limit: number | undefined, after: string | undefined): TemplatePage | null {
    const size = Math.min(Math.max(Math.trunc(limit ?? DEFAULT_PAGE) || DEFAULT_PAGE, 1), MAX_PAGE);
    const afterIndex = after === undefined ? -1 : decodeCursor(after);
    if (afterIndex === null) return null;
    const start = afterIndex + 1;
    const data = this.templates.slice(start, start + size);
    const last = start + Math.max(data.length, 1) - 1;
    return {
      data,
      paging: { cursors: { before: encodeCursor(start), after: encodeCursor(last) } },
      hasMore: start + size < this.templates.length,
    };
  }

  /** Checks the `template` object of a send against the definitions. */
  checkSend(send: TemplateSend): TemplateCheck {
    const template = this.find(send.name, send.language);
    if (!template || template.status === 'PENDING' || template.status === 'REJECTED') {
      const why = template ? `is ${template.status.toLowerCase()}, not approved,` : 'does not exist';
      return { ok: false, code: 132001, details: `template name (${send.name}) ${why} in ${send.language}` };
    }
    if (template.status === 'PAUSED') return { ok: false, code: 132015, details: `template ${send.name} is paused due to low quality` };
    if (template.status === 'DISABLED') return { ok: false, code: 132016, details: `template ${send.name} has been paused too many times and is disabled` };
    const rejection = checkParameters(template, send.components);
    return rejection ? { ok: false, ...rejection } : { ok: true, template };
  }
}

/** The parts of a send's `template` object the checks need (read from the request by the caller). */
export interface TemplateSend {
  name: string;
  language: string;
  components: Array<{ type: string; index?: number; parameterTypes: string[] }>;
}

function checkParameters(template: ListedTemplate, sent: TemplateSend['components']): TemplateRejection | null {
  const expectations = expectedParameters(template);
  const covers = (expected: ExpectedParameters, c: TemplateSend['components'][number]) =>
    c.type === expected.type && (expected.index === undefined || c.index === expected.index);
  const stray = sent.find((c) => !expectations.some((expected) => covers(expected, c)));
  if (stray) {
    const name = stray.index === undefined ? stray.type : `${stray.type} ${stray.index}`;
    return { code: 132000, details: `${name}: the template has no such component taking parameters` };
  }
  for (const expected of expectations) {
    const given = sent.filter((c) => covers(expected, c));
    const types = given.flatMap((c) => c.parameterTypes);
    if (types.length < expected.min || types.length > expected.max) {
      return {
        code: 132000,
        details: `${expected.label}: number of localizable_params (${types.length}) does not match the expected number of params (${expected.max})`,
      };
    }
    if (expected.mediaFormat && types[0] !== expected.mediaFormat.toLowerCase()) {
      return { code: 132012, details: `header: Format mismatch, expected ${expected.mediaFormat}, received ${(types[0] ?? 'unknown').toUpperCase()}` };
    }
  }
  return null;
}

interface ExpectedParameters {
  type: 'header' | 'body' | 'button';
  index?: number;
  label: string;
  min: number;
  max: number;
  mediaFormat?: TemplateMediaFormat;
}

function expectedParameters(template: TemplateDefinition): ExpectedParameters[] {
  const header = template.components.find((c) => c.type === 'HEADER');
  const body = template.components.find((c) => c.type === 'BODY');
  const buttons = template.components.find((c) => c.type === 'BUTTONS');
  const expected: ExpectedParameters[] = [];
  if (!header) expected.push({ type: 'header', label: 'header', min: 0, max: 0 });
  else if (header.format === 'TEXT') expected.push(exactly('header', placeholderCount(header.text)));
  else expected.push({ ...exactly('header', 1), mediaFormat: header.format });
  expected.push(exactly('body', body ? placeholderCount(body.text) : 0));
  (buttons?.buttons ?? []).forEach((button, index) => {
    const label = `button ${index}`;
    // A quick reply may carry the payload echoed back when tapped, or nothing.
    if (button.type === 'QUICK_REPLY') expected.push({ type: 'button', index, label, min: 0, max: 1 });
    else if (button.type === 'URL') expected.push({ ...exactly('button', placeholderCount(button.url), label), index });
  });
  return expected;
}

function exactly(type: ExpectedParameters['type'], count: number, label: string = type): ExpectedParameters {
  return { type, label, min: count, max: count };
}

/** Distinct {{n}} (or {{name}}) placeholders: a placeholder used twice takes one parameter. */
export function placeholderCount(text: string): number {
  return new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[1])).size;
}

function templateId(name: string, language: string): string {
  const digest = createHash('sha256').update(`${name}\u0000${language}`).digest();
  return (digest.readBigUInt64BE(0) % 10n ** 15n + 10n ** 15n).toString();
}

function encodeCursor(index: number): string {
  return Buffer.from(`idx:${index}`).toString('base64url');
}

function decodeCursor(cursor: string): number | null {
  const match = /^idx:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? Number(match[1]) : null;
}
