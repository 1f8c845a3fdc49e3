import { randomBytes } from 'node:crypto';

import { UsageError } from '../errors/cli.errors';
import { parseDuration } from '../shared/durations';
import { sampleEventTypes } from '@streamline/orders';

/** One event type of the traffic and its share. */
export interface TypeWeight {
  type: string;
  weight: number;
}

/** Everything a `streamline load` run does, parsed and checked. */
export interface LoadPlan {
  /** Arrival rates in events/s, one step each, in order. */
  rates: number[];
  /** Length of each step; with `count` unset the step ends after it. */
  durationMs?: number;
  /** Events per step; with `durationMs` unset the step ends after them. */
  count?: number;
  via: 'http' | 'kafka';
  /** Producer service base URL (`--via http`). */
  url?: string;
  /** Events per HTTP request: 1 sends single events, more sends CloudEvents batches. */
  batch: number;
  /** Consumer service base URLs whose `/load-runs/:runId` report end-to-end latency. */
  consumerUrls: string[];
  /** A type mix of independent events; unset sends order stories (placed → paid → shipped or cancelled per key). */
  types?: TypeWeight[];
  /** Distinct ordering keys the events are spread over (orders in progress, for stories). */
  keys: number;
  /** Approximate size of each event's data in bytes; unset keeps the samples as generated. */
  payloadBytes?: number;
  seed: number;
  /** Events sent but not yet acknowledged, at most; when reached, sending waits (and the wait counts as latency). */
  maxInFlight: number;
  /** How long to wait after the last send for the consumer to handle what was acknowledged. */
  drainTimeoutMs: number;
  /** Milliseconds before an HTTP request or a Kafka send counts as a timeout error. */
  requestTimeoutMs: number;
  out: string;
  html?: string;
  runId: string;
}

/** The flags as nest-commander hands them over. */
export interface LoadFlags {
  rate?: string;
  duration?: string;
  count?: string;
  via?: string;
  url?: string;
  batch?: string;
  consumerUrl?: string;
  types?: string;
  keys?: string;
  payloadBytes?: string;
  seed?: string;
  maxInFlight?: string;
  drainTimeout?: string;
  requestTimeout?: string;
  out?: string;
  html?: string;
  runId?: string;
}

function positiveInt(flag: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`${flag} is required`);
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got "${value}"`);
  return n;
}

function duration(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new UsageError(`${flag} must be a duration such as 30s, 2m or 1m30s, got "${value}"`);
  return ms;
}

/** `2000`, `2000/s`, `1000,2000,4000`, `120/m` → events per second, one per step. */
export function parseRates(value: string): number[] {
  return value.split(',').map((part) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|m))?\s*$/.exec(part);
    const rate = match ? Number(match[1]) / (match[2] === 'm' ? 60 : 1) : NaN;
    if (!(rate > 0) || rate > 1_000_000) throw new UsageError(`--rate must be events per second such as 2000/s or 1000,2000,4000, got "${value}"`);
    return rate;
  });
}

/** `order.placed.v1=3,order.paid.v1=1` (weights default to 1); every type must be in the registry. */
export function parseTypes(value: string | undefined): TypeWeight[] | undefined {
  const known = sampleEventTypes();
  if (value === undefined) return undefined;
  return value.split(',').map((part) => {
    const [type, weightText] = part.trim().split('=');
    if (!known.includes(type)) throw new UsageError(`--types: no sample events for type "${type}"; known: ${known.join(', ')}`);
    const weight = weightText === undefined ? 1 : Number(weightText);
    if (!(weight > 0)) throw new UsageError(`--types: weight of ${type} must be a positive number, got "${weightText}"`);
    return { type, weight };
  });
}

function baseUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} must be an http(s) URL such as http://localhost:3000, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag} must be an http(s) URL, got "${value}"`);
  return value.replace(/\/+$/, '');
}

/** Checks the flags together and fills in the defaults. Throws UsageError naming the flag. */
export function parseLoadPlan(flags: LoadFlags, now = new Date()): LoadPlan {
  if (!flags.rate) throw new UsageError('--rate is required, e.g. --rate 2000/s or --rate 1000,2000,4000');
  const rates = parseRates(flags.rate);
  const durationMs = duration('--duration', flags.duration);
  const count = flags.count === undefined ? undefined : positiveInt('--count', flags.count);
  if (durationMs === undefined && count === undefined)
    throw new UsageError('give --duration (e.g. 30s) or --count (e.g. 10000), or both; a run always ends by itself');
  const via = flags.via ?? 'http';
  if (via !== 'http' && via !== 'kafka') throw new UsageError(`--via must be http or kafka, got "${via}"`);
  if (via === 'http' && !flags.url) throw new UsageError('--via http needs --url, the producer service, e.g. --url http://localhost:3000');
  const runId = flags.runId ?? `${now.toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${randomBytes(3).toString('hex')}`;
  if (!/^[A-Za-z0-9_-]{1,48}$/.test(runId)) throw new UsageError(`--run-id must be 1-48 letters, digits, _ or -, got "${runId}"`);
  const seed = flags.seed === undefined ? 1 : Number(flags.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got "${flags.seed}"`);
  return {
    rates,
    durationMs,
    count,
    via,
    url: flags.url ? baseUrl('--url', flags.url) : undefined,
    batch: positiveInt('--batch', flags.batch, 1),
    consumerUrls: flags.consumerUrl ? flags.consumerUrl.split(',').map((u) => baseUrl('--consumer-url', u.trim())) : [],
    types: parseTypes(flags.types),
    keys: positiveInt('--keys', flags.keys, 1000),
    payloadBytes: flags.payloadBytes === undefined ? undefined : positiveInt('--payload-bytes', flags.payloadBytes),
    seed,
    maxInFlight: positiveInt('--max-in-flight', flags.maxInFlight, 10_000),
    drainTimeoutMs: duration('--drain-timeout', flags.drainTimeout) ?? 30_000,
    requestTimeoutMs: duration('--request-timeout', flags.requestTimeout) ?? 10_000,
    out: flags.out ?? `load-${runId}.json`,
    html: flags.html,
    runId,
  };
}

/** Events a step sends at most: its count, or rate × duration. */
export function eventsOfStep(plan: LoadPlan, rate: number): number {
  const byDuration = plan.durationMs === undefined ? Infinity : Math.max(1, Math.round((rate * plan.durationMs) / 1000));
  return Math.min(plan.count ?? Infinity, byDuration);
}
