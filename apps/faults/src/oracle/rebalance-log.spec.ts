import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rebalancesInBrokerLogs } from './rebalance-log';

const line = (group: string, generation: number, reason: string) =>
  `[2026-12-03 18:23:39,201] INFO [GroupCoordinator id=0 topic=__consumer_offsets partition=12] Preparing to rebalance group ${group} in state PreparingRebalance with old generation ${generation} (reason: ${reason}). (org.apache.kafka.coordinator.group.GroupMetadataManager)`;

describe('rebalancesInBrokerLogs', () => {
  it("counts the group's rebalances and those a member started by joining a stable group again", () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebalance-log-'));
    const first = join(dir, 'broker-0.log');
    const second = join(dir, 'broker-1.log');
    writeFileSync(
      first,
      [
        line('g', 0, 'Adding new member m-1 with group instance id null; client reason: not provided'),
        line('g', 3, 'explicit `LeaveGroup` request for (m-1) members.'),
        line('g', 4, 'Leader m-2 re-joining group during Stable; client reason: not provided'),
        line('other', 1, 'Updating metadata for member m-9 during Stable; client reason: not provided'),
        'INFO unrelated line',
      ].join('\n'),
    );
    writeFileSync(second, line('g', 6, 'Updating metadata for member m-3 during Stable; client reason: not provided'));
    expect(rebalancesInBrokerLogs([first, second, join(dir, 'missing.log')], 'g')).toEqual({ total: 4, unprompted: 2 });
  });
});
