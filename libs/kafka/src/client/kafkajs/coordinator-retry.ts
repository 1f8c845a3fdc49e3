const COORDINATOR_ERRORS = new Set(['NOT_COORDINATOR_FOR_GROUP', 'GROUP_COORDINATOR_NOT_AVAILABLE', 'GROUP_LOAD_IN_PROGRESS']);
const ATTEMPTS = 8;

/**
 * Runs a group request again while the broker answers that the group's coordinator moved, is not
 * there yet or is loading (a fresh cluster, a broker restart): kafkajs's admin passes those
 * retriable answers on at once for offset fetches and commits. Pauses 100 ms, doubling to 1.6 s.
 */
export async function withCoordinatorRetry<T>(request: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const type = (error as { type?: string }).type;
      if (attempt >= ATTEMPTS || !type || !COORDINATOR_ERRORS.has(type)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(1600, 100 * 2 ** (attempt - 1))));
    }
  }
}
