import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions } from '@nestjs/throttler';
import { ApiKey } from './api-keys';
import { IngestError } from './ingest.error';

/** One rate limit: at most `limit` requests per `ttlMs`. */
export interface RateLimit {
  limit: number;
  ttlMs: number;
  /** As configured, e.g. `200/1s`, for messages. */
  text: string;
}

/** `N/duration` (every key) or `name=N/duration` (that key); duration in ms, s, m or h. */
export const RATE_LIMIT_ENTRY = /^(?:([A-Za-z0-9_.-]{1,64})=)?([1-9]\d{0,8})\/([1-9]\d{0,8})(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** The limits of API_KEY_RATE_LIMIT: one for every key, and named keys' own, which take precedence. */
export class RateLimits {
  private readonly byKey = new Map<string, RateLimit>();
  private readonly everyKey?: RateLimit;

  constructor(entries: readonly string[]) {
    let everyKey: RateLimit | undefined;
    for (const entry of entries) {
      const [, name, limit, amount, unit] = RATE_LIMIT_ENTRY.exec(entry) ?? [];
      if (!limit) throw new RangeError(`not a rate limit: ${entry}`);
      const rateLimit = { limit: Number(limit), ttlMs: Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS], text: `${limit}/${amount}${unit}` };
      if (name) this.byKey.set(name, rateLimit);
      else everyKey = rateLimit;
    }
    this.everyKey = everyKey;
  }

  /** The limit on `key`; undefined: not limited. */
  of(key: ApiKey | undefined): RateLimit | undefined {
    return key ? (this.byKey.get(key.name) ?? this.everyKey) : undefined;
  }
}

type Request = { apiKey?: ApiKey };
const keyOf = (context: ExecutionContext) => context.switchToHttp().getRequest<Request>().apiKey;

/**
 * The throttler's settings for the ingest: one throttler named `default` (so the answer carries a
 * plain `Retry-After`), counting per API key name, with each key's own limit and window. Requests
 * without a key, or whose key has no limit, are not counted. Counts live in the process (the
 * throttler's in-memory storage): with several replicas, each allows the limit.
 */
export function rateLimitOptions(limits: RateLimits): ThrottlerModuleOptions {
  return {
    throttlers: [
      {
        name: 'default',
        limit: (context) => limits.of(keyOf(context))?.limit ?? Number.MAX_SAFE_INTEGER,
        ttl: (context) => limits.of(keyOf(context))?.ttlMs ?? 1000,
      },
    ],
    skipIf: (context) => limits.of(keyOf(context)) === undefined,
    getTracker: (request: Request) => `api-key:${request.apiKey?.name ?? ''}`,
  };
}

/**
 * Per-key rate limits on `POST /events` (API_KEY_RATE_LIMIT), with @nestjs/throttler. Runs after
 * ApiKeyGuard, which names the key. Over the limit: 429 with Retry-After, nothing published,
 * counted as `rate-limited`.
 */
@Injectable()
export class ApiKeyRateLimitGuard extends ThrottlerGuard {
  protected override throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const key = keyOf(context);
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new IngestError(
      429,
      `API key "${key?.name ?? ''}" is over its rate limit of ${detail.limit} requests per ${detail.ttl} ms; retry after ${retryAfter} s`,
      [],
      {
        'Retry-After': String(retryAfter),
      },
    );
  }
}
