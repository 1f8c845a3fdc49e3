import { createKafkaClient, GroupLag, KafkaModuleOptions, waitUntilDrained as waitForLag } from '@streamline/kafka';

/** Options of {@link waitUntilDrained}. */
export interface DrainedOptions {
  /** Bootstrap servers, or the whole connection options (TLS, SASL, client) of the cluster. */
  kafka: string[] | Pick<KafkaModuleOptions, 'brokers' | 'ssl' | 'sasl' | 'client'>;
  group: string;
  /** The group's topics, prefix included (its retry tiers too, when they should be empty as well). */
  topics: string[];
  /** Default 60 s. On timeout the error carries the lag per partition still left. */
  timeoutMs?: number;
}

/**
 * Resolves when the group has committed up to the end of every partition of `topics`: every
 * record written before the call has been handled (or dead-lettered) and committed. The check a
 * test makes before it looks at the effects; rejects with DrainTimeoutError, naming the lag left.
 */
export async function waitUntilDrained({ kafka, group, topics, timeoutMs = 60_000 }: DrainedOptions): Promise<GroupLag> {
  const options = Array.isArray(kafka) ? { brokers: kafka } : kafka;
  const admin = createKafkaClient({ ...options, clientId: 'streamline-testing' }).admin();
  try {
    return await waitForLag(admin, group, topics, { timeoutMs, intervalMs: 200 });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
