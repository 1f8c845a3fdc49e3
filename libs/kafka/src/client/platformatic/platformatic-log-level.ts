/** Where a @platformatic/kafka event goes in our log. */
export type PlatformaticLogLevel = 'error' | 'warn' | 'log' | 'debug';

/**
 * Kafka's answers during an ordinary group join, a coordinator or leader move, or a topic still
 * electing its leaders: the library rejoins, finds the new coordinator or refreshes its metadata
 * by itself. They are the group working as designed, not faults.
 */
const GROUP_COORDINATION = new Set([
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR',
  'COORDINATOR_NOT_AVAILABLE',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'UNKNOWN_MEMBER_ID',
  'ILLEGAL_GENERATION',
  'MEMBER_ID_REQUIRED',
  'FENCED_MEMBER_EPOCH',
  'STALE_MEMBER_EPOCH',
  'UNRELEASED_INSTANCE_ID',
  'NOT_LEADER_OR_FOLLOWER',
  'LEADER_NOT_AVAILABLE',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
]);

/** Answers every rebalance gives each member: only worth seeing when debugging. */
const EVERY_REBALANCE = new Set(['REBALANCE_IN_PROGRESS']);

/** Events that report the group or a connection doing its routine work. */
const ROUTINE: Record<string, PlatformaticLogLevel> = {
  'consumer:group:join': 'log',
  'consumer:group:leave': 'log',
  'consumer:group:rebalance': 'debug',
  'client:broker:disconnect': 'debug',
  // A failed request the library gave up on reaches its caller, who reports it.
  'client:performWithRetry:failed': 'debug',
  // The library retries these by itself.
  'client:broker:failed': 'warn',
  'consumer:heartbeat:stalled': 'warn',
};

/** Kafka error names in `error` and every error it wraps. */
export function kafkaErrorNames(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== 'object' || depth > 6) return [];
  const e = error as { apiId?: unknown; errors?: unknown; cause?: unknown };
  const own = typeof e.apiId === 'string' ? [e.apiId] : [];
  const inner = Array.isArray(e.errors) ? e.errors.flatMap((x) => kafkaErrorNames(x, depth + 1)) : [];
  return [...own, ...inner, ...kafkaErrorNames(e.cause, depth + 1)];
}

/**
 * The level an event of the library deserves. Heartbeat failures are retried by the library:
 * a rebalance's answer drops to debug, other coordination answers and anything else to warn. An
 * `error` event (the library stopped trying) stays an error unless it is group coordination.
 */
export function levelOfPlatformaticEvent(event: string, error?: unknown): PlatformaticLogLevel {
  const names = kafkaErrorNames(error);
  const routineOnly = names.length > 0 && names.every((n) => GROUP_COORDINATION.has(n));
  if (event === 'consumer:heartbeat:error') return names.length > 0 && names.every((n) => EVERY_REBALANCE.has(n)) ? 'debug' : 'warn';
  if (event === 'error') return routineOnly ? 'warn' : 'error';
  return ROUTINE[event] ?? 'debug';
}
