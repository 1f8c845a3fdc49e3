/** How this service sends requests and reads their replies. Every field has a default. */
export interface RequestOptions {
  /**
   * The reply topic every requester of the cluster shares (the topic prefix is put in front).
   * Default: `streamline.replies`.
   */
  replyTopic?: string;
  /** Partitions of the reply topic when it is created; each requester reads one of them. Default: 6. */
  replyPartitions?: number;
  /** How long replies are kept; nobody reads a reply after its request's timeout. Default: 1 hour. */
  replyRetentionMs?: number;
  /** Start reading replies at application start instead of at the first `send`. Default: false. */
  eager?: boolean;
  /** Longest the reply reader may take to join and position itself before `send` fails. Default: 30000. */
  startTimeoutMs?: number;
}

export type ResolvedRequestOptions = Required<RequestOptions>;

/** The request options with their defaults filled in; rejects values that cannot work. */
export function resolveRequestOptions(options: RequestOptions = {}): ResolvedRequestOptions {
  const resolved = {
    replyTopic: 'streamline.replies',
    replyPartitions: 6,
    replyRetentionMs: 60 * 60 * 1000,
    eager: false,
    startTimeoutMs: 30_000,
    ...options,
  };
  if (!/^[a-zA-Z0-9._-]+$/.test(resolved.replyTopic)) throw new Error(`requests.replyTopic must be a Kafka topic name, got '${resolved.replyTopic}'`);
  for (const name of ['replyPartitions', 'replyRetentionMs', 'startTimeoutMs'] as const) {
    if (!Number.isInteger(resolved[name]) || resolved[name] < 1) throw new Error(`requests.${name} must be a positive integer, got ${resolved[name]}`);
  }
  return resolved;
}
