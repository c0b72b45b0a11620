/** Reading a request's XML and writing an answer's, for the UIDAI simulator. */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false, removeNSPrefix: true });
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });

/** The document's root element by name, or null when the text is no well-formed XML or declares a DTD (entity tricks). */
export function parseDocument(text: string): { name: string; node: XmlNode } | null {
  if (text.trim() === '' || /<!DOCTYPE/i.test(text) || XMLValidator.validate(text) !== true) return null;
  const parsed = parser.parse(text) as XmlNode;
  const roots = Object.keys(parsed).filter((k) => k !== '?xml');
  if (roots.length !== 1) return null;
  const node = parsed[roots[0]!];
  // An empty root (<Otp/>) parses as '': it has no attributes worth reading, but it is the root.
  return { name: roots[0]!, node: typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as XmlNode) : {} };
}

export function attr(node: XmlNode, name: string): string {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : '';
}

/** A child element (the first when repeated); an empty element when absent. */
export function child(node: XmlNode, name: string): XmlNode | null {
  const value = node[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return null;
  return typeof first === 'object' && first !== null ? (first as XmlNode) : { '#text': String(first) };
}

/** An element's text (`<Hmac>…</Hmac>`), whether it has attributes or not. */
export function text(node: XmlNode | null): string {
  if (!node) return '';
  const value = node['#text'];
  return typeof value === 'string' ? value.trim() : '';
}

export function buildXml(tree: XmlNode): string {
  return builder.build(tree) as string;
}
