import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { TopicSnapshot } from '@streamline/kafka';
import { CliRunner } from '../cli/cli-runner';
import { ClusterWatch } from '../live/cluster-watch.service';
import { NamePipe } from './name.pipe';
import { BrowseQuery } from './requests';

/** A topic: partitions with offsets, and its events decoded as `streamline tail --json` decodes them. */
@Controller('api/topics')
export class TopicsController {
  constructor(
    private readonly cli: CliRunner,
    private readonly watch: ClusterWatch,
  ) {}

  @Get(':topic')
  async topic(@Param('topic', NamePipe) name: string): Promise<TopicSnapshot & { records: number }> {
    const topic = (await this.watch.current()).topics.find((t) => t.name === name);
    if (!topic) throw new NotFoundException(`unknown topic "${name}"`);
    return { ...topic, records: topic.partitions.reduce((sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)), 0) };
  }

  /** Events from a position (beginning, end, a time or a duration ago), filtered by type and key; 100 unless `limit` says. */
  @Get(':topic/messages')
  async messages(@Param('topic', NamePipe) name: string, @Query() query: BrowseQuery): Promise<unknown[]> {
    const args = ['tail', name, '--from', query.from ?? 'beginning', '--no-follow', '--limit', String(query.limit ?? 100)];
    for (const type of query.type ?? []) args.push('--type', type);
    for (const key of query.key ?? []) args.push('--key', key);
    return (await this.cli.json(args)).lines;
  }
}
