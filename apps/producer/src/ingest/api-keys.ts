import { createHash, timingSafeEqual } from 'node:crypto';

/** A configured API key, known by its name (logs name the key, never its value). */
export interface ApiKey {
  name: string;
  /** Event types the key may publish; undefined: every type. */
  eventTypes?: ReadonlySet<string>;
}

/** `name=key` or a bare key (named `key-<n>`, its place in the list). */
const ENTRY = /^(?:([A-Za-z0-9_.-]{1,64})=)?(\S{16,256})$/;
/** `name:type|type…` */
const TYPES_RULE = /^([A-Za-z0-9_.-]{1,64}):([a-z0-9.|-]+)$/;

const digest = (key: string) => createHash('sha256').update(key).digest();

/** True when every entry of API_KEYS is `name=key` or a key of 16 to 256 characters without spaces. */
export function isApiKeyEntry(entry: string): boolean {
  return ENTRY.test(entry);
}

/** The names of API_KEYS' entries: `name` of `name=key`, `key-<n>` for a bare key. */
export function apiKeyNames(entries: readonly string[]): string[] {
  return entries.map((entry, i) => ENTRY.exec(entry)?.[1] ?? `key-${i + 1}`);
}

/** True when an entry of API_KEY_EVENT_TYPES is `name:type|type…`. */
export function isEventTypesRule(rule: string): boolean {
  return TYPES_RULE.test(rule);
}

/**
 * The API keys of the ingest. Several at once (rotation: add the new key, move the clients,
 * remove the old one), each with a name, optionally limited to some event types.
 */
export class ApiKeys {
  private readonly keys: { digest: Buffer; key: ApiKey }[];

  constructor(entries: readonly string[], typeRules: readonly string[] = []) {
    const types = new Map(
      typeRules.map((rule) => {
        const [, name, list] = TYPES_RULE.exec(rule) ?? [];
        return [name!, new Set(list!.split('|').filter(Boolean))] as const;
      }),
    );
    const names = apiKeyNames(entries);
    this.keys = entries.map((entry, i) => {
      const value = ENTRY.exec(entry)?.[2];
      const name = names[i]!;
      const eventTypes = types.get(name);
      return { digest: digest(value ?? entry), key: eventTypes ? { name, eventTypes } : { name } };
    });
  }

  /** Whether any key is configured; without keys the ingest is open. */
  get enabled(): boolean {
    return this.keys.length > 0;
  }

  /**
   * The key `presented` is, or undefined. Compares SHA-256 digests (equal length) with
   * crypto.timingSafeEqual against every key, so neither the time taken nor an early exit
   * tells how close a guess came or which key it nearly matched.
   */
  identify(presented: string | undefined): ApiKey | undefined {
    if (presented === undefined) return undefined;
    const candidate = digest(presented);
    let found: ApiKey | undefined;
    for (const { digest: known, key } of this.keys) {
      if (timingSafeEqual(known, candidate) && !found) found = key;
    }
    return found;
  }
}

/** The key a request carries, as `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const header = headers['x-api-key'];
  return typeof header === 'string' && header.length > 0 ? header : undefined;
}
