/**
 * RFC 3986 URI references, as the CloudEvents `URI-reference` (`source`) and `URI` (`dataschema`)
 * types mean them: only the characters RFC 3986 allows (no spaces, no raw non-ASCII), `%` only
 * as a `%XX` escape, and a scheme, when there is one, of letters, digits, `+`, `-` and `.`.
 */
const ALLOWED = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

/** True for a URI reference (absolute or relative): `/checkout`, `urn:shop:checkout`, `https://x/y`. */
export function isUriReference(value: string): boolean {
  if (!ALLOWED.test(value)) return false;
  // A colon before the first `/`, `?` or `#` ends a scheme, which must then be a valid one.
  const head = /^[^/?#]*/.exec(value)![0];
  const colon = head.indexOf(':');
  return colon === -1 || SCHEME.test(head.slice(0, colon));
}

/** True for an absolute URI: a URI reference with a scheme. */
export function isAbsoluteUri(value: string): boolean {
  const colon = value.indexOf(':');
  return colon > 0 && isUriReference(value) && SCHEME.test(value.slice(0, colon)) && !/[/?#]/.test(value.slice(0, colon));
}
