import { Kafka, logLevel } from 'kafkajs';

/**
 * Waits until the cluster answers for `group`'s coordinator. A fresh broker on a busy machine
 * serves metadata seconds before it has loaded __consumer_offsets, and a consumer that starts in
 * that gap may give up on its group; the suite is about faults it makes, not that one.
 */
export async function waitForGroupCoordinator(bootstrap: string, group: string, timeoutMs = 120_000): Promise<void> {
  const admin = new Kafka({ brokers: bootstrap.split(','), clientId: 'faults-stack', logLevel: logLevel.NOTHING }).admin();
  const deadline = Date.now() + timeoutMs;
  try {
    await admin.connect();
    for (;;) {
      try {
        await admin.describeGroups([group]);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`no coordinator for group ${group} after ${timeoutMs / 1000} s: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
