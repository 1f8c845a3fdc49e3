/** One ACL binding as Kafka reports it, in plain data. */
export interface AclBindingView {
  /** e.g. `User:producer`; `User:*` matches every user. */
  principal: string;
  resourceType: 'topic' | 'group' | 'cluster';
  /** Resource name or prefix; `*` matches every name. */
  name: string;
  patternType: 'literal' | 'prefixed';
  /** Kafka's operation name, e.g. WRITE, DESCRIBE_CONFIGS, ALL. */
  operation: string;
  permission: 'allow' | 'deny';
}

/** One thing a Streamline program needs to be allowed, and why. */
export interface AccessNeed {
  service: 'producer' | 'consumer' | 'cli';
  resourceType: 'topic' | 'group' | 'cluster';
  /** The topic or group; `kafka-cluster` for the cluster. */
  name: string;
  operation: string;
  why: string;
}

/** What the registry, the consumer group and the CLI imply each program needs. */
export interface NeedsInput {
  /** Registry topics with the prefix, e.g. `staging.orders`. */
  topics: string[];
  /** Topics the consumer reads (its handlers' topics). */
  consumedTopics: string[];
  /** The consumer's group id. */
  group: string;
  /** Retry and dead-letter topics of the consumer, by source topic. */
  parkingTopics: string[];
}

/** The ACLs each program needs on the given topics and group; the docs list the same. */
export function serviceNeeds(input: NeedsInput): AccessNeed[] {
  const needs: AccessNeed[] = [];
  for (const topic of input.topics) {
    needs.push({ service: 'producer', resourceType: 'topic', name: topic, operation: 'WRITE', why: 'publish events' });
    needs.push({ service: 'producer', resourceType: 'topic', name: topic, operation: 'DESCRIBE', why: 'partition counts for keys' });
  }
  for (const topic of [...input.consumedTopics, ...input.parkingTopics]) {
    needs.push({ service: 'consumer', resourceType: 'topic', name: topic, operation: 'READ', why: 'consume' });
  }
  for (const topic of input.parkingTopics) {
    needs.push({ service: 'consumer', resourceType: 'topic', name: topic, operation: 'WRITE', why: 'park failed records (retry, dead letters)' });
  }
  needs.push({ service: 'consumer', resourceType: 'group', name: input.group, operation: 'READ', why: 'join the group, commit offsets' });
  for (const topic of input.topics) {
    needs.push({ service: 'cli', resourceType: 'topic', name: topic, operation: 'READ', why: 'tail, replay, dlq list' });
    needs.push({ service: 'cli', resourceType: 'topic', name: topic, operation: 'DESCRIBE_CONFIGS', why: 'topics' });
  }
  needs.push({ service: 'cli', resourceType: 'group', name: input.group, operation: 'DESCRIBE', why: 'lag, replay group' });
  needs.push({ service: 'cli', resourceType: 'group', name: 'streamline-cli-', operation: 'READ', why: 'tail, dlq list: throwaway groups streamline-cli-…' });
  needs.push({ service: 'cli', resourceType: 'cluster', name: 'kafka-cluster', operation: 'DESCRIBE', why: 'doctor (ACLs), topics' });
  return needs;
}

/** Operations Kafka allows implicitly when another is allowed (AclAuthorizer and StandardAuthorizer alike). */
const IMPLIED_BY: Record<string, string[]> = {
  DESCRIBE: ['READ', 'WRITE', 'DELETE', 'ALTER'],
  DESCRIBE_CONFIGS: ['ALTER_CONFIGS'],
};

function matches(binding: AclBindingView, principal: string, need: Pick<AccessNeed, 'resourceType' | 'name'>): boolean {
  if (binding.resourceType !== need.resourceType) return false;
  if (binding.principal !== principal && binding.principal !== 'User:*') return false;
  if (binding.patternType === 'prefixed') return need.name.startsWith(binding.name);
  return binding.name === '*' || binding.name === need.name;
}

/** Whether `principal` may do `need` under `bindings`: an ALLOW covers it and no DENY does (DENY wins, as in Kafka). */
export function isAllowed(bindings: AclBindingView[], principal: string, need: Pick<AccessNeed, 'resourceType' | 'name' | 'operation'>): boolean {
  const relevant = bindings.filter((b) => matches(b, principal, need));
  const covers = (b: AclBindingView, implied: boolean) =>
    b.operation === 'ALL' || b.operation === need.operation || (implied && (IMPLIED_BY[need.operation] ?? []).includes(b.operation));
  if (relevant.some((b) => b.permission === 'deny' && covers(b, false))) return false;
  return relevant.some((b) => b.permission === 'allow' && covers(b, true));
}
