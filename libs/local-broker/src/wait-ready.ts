import { Kafka, logLevel } from 'kafkajs';

/** Options of {@link waitUntilServing}. */
export interface WaitUntilServingOptions {
  /** Addresses to ask, e.g. '127.0.0.1:9092,127.0.0.1:9093'. */
  bootstrap: string;
  /** How many brokers the cluster metadata must list. */
  expectedBrokers: number;
  timeoutMs: number;
  /** Called between attempts; a returned message ends the wait at once (e.g. the process died). */
  failFast?: () => string | undefined;
  /** For a secured cluster: the CA to trust and a SCRAM-SHA-512 user to ask as. */
  secured?: { ca: string; username: string; password: string };
}

/** Why waiting ended without a serving cluster. */
export type WaitOutcome = { ready: true } | { ready: false; reason: string };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls the cluster with a kafkajs admin until its metadata lists all expected brokers and an
 * active controller, which is when topics can be created and groups coordinated.
 */
export async function waitUntilServing(options: WaitUntilServingOptions): Promise<WaitOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    const failure = options.failFast?.();
    if (failure) return { ready: false, reason: failure };
    const admin = new Kafka({
      clientId: 'streamline-local-broker',
      brokers: options.bootstrap.split(','),
      connectionTimeout: 1_000,
      requestTimeout: 2_000,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
      ...(options.secured && {
        ssl: { ca: [options.secured.ca] },
        sasl: { mechanism: 'scram-sha-512' as const, username: options.secured.username, password: options.secured.password },
      }),
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length >= options.expectedBrokers && cluster.controller !== null && cluster.controller >= 0) {
        return { ready: true };
      }
      lastProblem = `${cluster.brokers.length} of ${options.expectedBrokers} brokers registered, controller ${cluster.controller ?? 'none'}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await sleep(250);
  }
  return { ready: false, reason: `not serving after ${Math.round(options.timeoutMs / 1000)} s (${lastProblem})` };
}
