/**
 * XML-DSig on the simulator's side: the AUA's enveloped signature on a
 * request, checked as UIDAI checks it (569 when it fails), and the
 * simulator's own signature on its answers, as UIDAI signs its answers.
 */
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';

/**
 * Whether the document carries exactly one signature, a child of its root, over the whole
 * document (URI=""), made with RSA-SHA256 by the key of this certificate (or public key) PEM.
 * The key in the request's KeyInfo is not trusted: only the AUA's registered certificate is.
 */
export function signedByAua(xml: string, certificatePem: string): boolean {
  let failed = false;
  const doc = new DOMParser({ errorHandler: { warning: () => undefined, error: () => (failed = true), fatalError: () => (failed = true) } }).parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (failed || !root) return false;
  const signatures: Element[] = [];
  for (let node = root.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).localName === 'Signature' && (node as Element).namespaceURI === XMLDSIG_NS) signatures.push(node as Element);
  }
  if (signatures.length !== 1) return false;
  const verifier = new SignedXml({ publicCert: certificatePem });
  try {
    verifier.loadSignature(signatures[0]!);
    if (verifier.signatureAlgorithm !== RSA_SHA256) return false;
    const valid = verifier.checkSignature(xml);
    const references = verifier.getReferences();
    return valid && references.length === 1 && references[0]!.uri === '' && references[0]!.digestAlgorithm === SHA256;
  } catch {
    return false;
  }
}

/** The simulator's enveloped signature over a whole answer (no KeyInfo: clients are configured with the key). */
export function signAnswer(xml: string, privateKeyPem: string): string {
  const signer = new SignedXml({ privateKey: privateKeyPem, signatureAlgorithm: RSA_SHA256, canonicalizationAlgorithm: C14N });
  signer.addReference({ xpath: '/*', transforms: [ENVELOPED, C14N], digestAlgorithm: SHA256, uri: '', isEmptyUri: true });
  signer.computeSignature(xml, { location: { reference: '/*', action: 'append' } });
  return signer.getSignedXml();
}
