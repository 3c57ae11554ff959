import { XMLParser } from 'fast-xml-parser';
import { RejectedInputError } from '../probe/reject-counter.ts';

/**
 * Devices pick their own prefixes (`env:`, `SOAP-ENV:`, `s:`, `ns2:`…) for the same
 * namespaces, so prefixes are dropped and elements are found by local name. Values stay
 * strings (a serial number of digits must not become a number); attributes are `@_name`.
 */
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  // Entity expansion is what XML bombs abuse; the parser's own limits apply, and bodies are size-capped before parsing.
});

export type XmlNode = Record<string, unknown>;

/** Parses a SOAP envelope and returns its Body; a non-SOAP answer is refused (counted as onvif_bad_response). */
export function soapBody(xml: string, what: string): XmlNode {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (error) {
    throw new RejectedInputError(
      'onvif_bad_response',
      `${what}: answer is not XML (${error instanceof Error ? error.message.slice(0, 80) : 'parse error'})`,
    );
  }
  const body = child(child(doc, 'Envelope'), 'Body');
  if (typeof body !== 'object' || body === null)
    throw new RejectedInputError('onvif_bad_response', `${what}: answer is not a SOAP envelope`);
  return body as XmlNode;
}

/** A child element by local name; the first when the element repeats. */
export function child(node: unknown, name: string): unknown {
  if (typeof node !== 'object' || node === null) return undefined;
  const v = (node as XmlNode)[name];
  return Array.isArray(v) ? v[0] : v;
}

/** All children of that name (repeated elements come as an array, a single one as an object). */
export function children(node: unknown, name: string): unknown[] {
  if (typeof node !== 'object' || node === null) return [];
  const v = (node as XmlNode)[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Text of an element, with or without attributes; null when absent or empty. */
export function text(node: unknown): string | null {
  if (typeof node === 'string') return node.trim() || null;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (typeof node === 'object' && node !== null && '#text' in node) return text((node as XmlNode)['#text']);
  return null;
}

export function attr(node: unknown, name: string): string | null {
  if (typeof node !== 'object' || node === null) return null;
  const v = (node as XmlNode)[`@_${name}`];
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Follows a path of local names: `path(body, 'Capabilities', 'Media', 'XAddr')`. */
export function path(node: unknown, ...names: string[]): unknown {
  return names.reduce<unknown>((n, name) => child(n, name), node);
}
