/**
 * Names derived from a source topic and consumer group. The only place they are built,
 * so the consumer runtime, the CLI and the docs agree.
 */
export function deadLetterTopicFor(topic: string, group: string): string {
  return `${topic}.${group}.dlq`;
}

/** Retry tier `n` (1-based) of a topic for a group. */
export function retryTopicFor(topic: string, group: string, tier: number): string {
  return `${topic}.${group}.retry.${tier}`;
}

/** Parses a dead-letter topic name back into its source topic and group, when it is one. */
export function parseDeadLetterTopic(name: string): { topic: string; group: string } | undefined {
  const match = /^(.+)\.([^.]+)\.dlq$/.exec(name);
  return match ? { topic: match[1], group: match[2] } : undefined;
}
