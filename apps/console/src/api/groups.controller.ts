import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { GroupSnapshot } from '@streamline/kafka';
import { CliRunner } from '../cli/cli-runner';
import { ClusterWatch } from '../live/cluster-watch.service';
import { NamePipe } from './name.pipe';

/** A retry tier of the group and how many records wait in it. */
interface RetryTier {
  topic: string;
  tier: number;
  waiting: number;
}

/** A consumer group: members and assignment, lag now and over time, retry tiers and the keys parked in them. */
@Controller('api/groups')
export class GroupsController {
  constructor(
    private readonly cli: CliRunner,
    private readonly watch: ClusterWatch,
  ) {}

  @Get(':group')
  async group(@Param('group', NamePipe) groupId: string): Promise<{
    group: GroupSnapshot;
    lagHistory: { at: string; partitions: Record<string, number> }[];
    retryTiers: RetryTier[];
    parkedKeys: { key: string; topic: string; partition: number; offset: string; type: string | null }[];
  }> {
    const snapshot = await this.watch.current();
    const group = snapshot.groups.find((g) => g.groupId === groupId);
    if (!group) throw new NotFoundException(`unknown consumer group "${groupId}": the cluster lists no such group`);
    const retryTiers: RetryTier[] = [];
    const parkedKeys = [];
    for (const topic of snapshot.topics) {
      const match = new RegExp(`^(.+)\\.${escape(groupId)}\\.retry\\.(\\d+)$`).exec(topic.name);
      if (!match) continue;
      // What waits in a tier is what the group has not consumed from it yet: its lag there.
      const lag = group.lag.partitions.filter((p) => p.topic === topic.name);
      const waiting = lag.length
        ? lag.reduce((sum, p) => sum + p.lag, 0)
        : topic.partitions.reduce((sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)), 0);
      retryTiers.push({ topic: topic.name, tier: Number(match[2]), waiting });
      if (waiting === 0) continue;
      // Each record waiting in a tier parks its key: later events of that key wait behind it.
      const records = (await this.cli.json<Record<string, any>>(['tail', topic.name, '--from', 'beginning', '--no-follow', '--limit', '1000'])).lines;
      for (const r of records) {
        const committed = lag.find((p) => p.partition === r.partition)?.committed;
        if (committed !== null && committed !== undefined && BigInt(r.offset) < BigInt(committed)) continue;
        parkedKeys.push({
          key: String(r.key ?? ''),
          topic: topic.name,
          partition: Number(r.partition),
          offset: String(r.offset),
          type: r.headers?.ce_type ?? null,
        });
      }
    }
    const lagHistory = this.watch.history().map((s) => ({ at: s.at, partitions: s.partitionLag[groupId] ?? {} }));
    return { group, lagHistory, retryTiers: retryTiers.sort((a, b) => a.topic.localeCompare(b.topic) || a.tier - b.tier), parkedKeys };
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
