/** A media type split into its essence (`application/json`) and its parameters, names lower-cased. */
export interface MediaType {
  essence: string;
  parameters: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Parses `type/subtype; name=value; name="quoted"` (RFC 9110 section 8.3.1); undefined when it
 * is not one. Type, subtype and parameter names compare case-insensitively, so they are lower-cased.
 */
export function parseMediaType(value: string): MediaType | undefined {
  const [head, ...rest] = value.split(';');
  const essence = head.trim().toLowerCase();
  const [type, subtype, extra] = essence.split('/');
  if (extra !== undefined || !type || !subtype || !TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  const parameters: Record<string, string> = {};
  for (const part of rest) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq === -1) return undefined;
    const name = part.slice(0, eq).trim().toLowerCase();
    let parameter = part.slice(eq + 1).trim();
    if (parameter.startsWith('"') && parameter.endsWith('"') && parameter.length >= 2) parameter = parameter.slice(1, -1);
    if (!TOKEN.test(name)) return undefined;
    parameters[name] = parameter;
  }
  return { essence, parameters };
}

/**
 * True for a media type whose data is JSON text in UTF-8: `application/json` or a `+json`
 * suffix, with any parameters, where a `charset`, if given, is UTF-8.
 */
export function isJsonMediaType(value: string): boolean {
  const media = parseMediaType(value);
  if (!media) return false;
  const json = media.essence === 'application/json' || media.essence.endsWith('+json');
  const charset = media.parameters.charset?.toLowerCase();
  return json && (charset === undefined || charset === 'utf-8' || charset === 'utf8');
}
