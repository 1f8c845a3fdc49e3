import { existsSync, readFileSync } from 'node:fs';

/** The group's rebalances as the group coordinator logged them. */
export interface Rebalances {
  total: number;
  /**
   * Started by a member joining again while the group was stable, without a member coming or
   * going ("… re-joining group during Stable", "Updating metadata for member … during Stable"):
   * a client's own doing, each one a rebalance nobody needed.
   */
  unprompted: number;
}

/**
 * Counts a classic group's rebalances in the brokers' own logs ("Preparing to rebalance group
 * <group> in state PreparingRebalance with old generation N (reason: …)"): an oracle outside the
 * clients, which log only their side.
 */
export function rebalancesInBrokerLogs(logFiles: string[], group: string): Rebalances {
  const counts: Rebalances = { total: 0, unprompted: 0 };
  const marker = `Preparing to rebalance group ${group} `;
  for (const file of logFiles) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.includes(marker)) continue;
      counts.total++;
      if (/reason: [^)]*during Stable/.test(line)) counts.unprompted++;
    }
  }
  return counts;
}
