import { logLevel, LogEntry } from 'kafkajs';

/** Where a kafkajs log line goes in our log: its own level, or lower when kafkajs recovers by itself. */
export type MappedLevel = 'error' | 'warn' | 'log' | 'debug';

/**
 * Protocol errors Kafka answers during an ordinary group join, a coordinator or leader move, or a
 * topic still electing its leaders. kafkajs logs each at ERROR (every failed response, the
 * consumer's "Crash" and "Restarting" lines) and then rejoins, finds the new coordinator or
 * refreshes its metadata by itself: they are the group working as designed, not faults.
 */
const GROUP_COORDINATION = [
  'The group is rebalancing, so a rejoin is needed',
  'This is not the correct coordinator for this group',
  'The group coordinator is not available',
  "The coordinator is loading and hence can't process requests for this group",
  'The coordinator is not aware of this member',
  'Specified group generation id is not valid',
  'The group member needs to have a valid member id before actually entering a consumer group',
  'This server is not the leader for that topic-partition',
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
];

/**
 * Failed responses that every rebalance produces on each member, and that every new topic
 * produces while its leaders are elected or its metadata spreads (the client asks again): only
 * worth seeing when debugging.
 */
const ROUTINE_RESPONSES = [
  'The group is rebalancing, so a rejoin is needed',
  'This server is not the leader for that topic-partition',
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
  // A metadata answer about a topic created a moment ago, before every broker knows it; a topic
  // that stays unknown is reported by Streamline itself (a 503 at ingest, an error on the command line).
  'This server does not host this topic-partition',
];

/**
 * The level a kafkajs entry deserves. Routine coordination answers drop to warn (the member
 * recovered) or debug (a heartbeat told to rejoin, which every join causes); errors kafkajs is
 * retrying drop to warn; everything else keeps kafkajs' level.
 */
export function levelOfKafkajsEntry(entry: Pick<LogEntry, 'level' | 'log'>): MappedLevel {
  if (entry.level === logLevel.WARN) return 'warn';
  if (entry.level === logLevel.INFO) return 'log';
  if (entry.level > logLevel.ERROR) return 'debug';
  const { message, error, retry } = entry.log as { message: string; error?: unknown; retry?: unknown };
  const text = `${message} ${typeof error === 'string' ? error : ''}`;
  if (ROUTINE_RESPONSES.some((known) => text.includes(known)) && message.startsWith('Response ')) return 'debug';
  if (GROUP_COORDINATION.some((known) => text.includes(known))) return 'warn';
  if (message === 'The coordinator is not aware of this member, re-joining the group') return 'warn';
  // Logged only when kafkajs decided the crash was retriable and rejoins by itself.
  if (message.startsWith('Restarting the consumer in ')) return 'warn';
  if (retry) return 'warn';
  return 'error';
}
