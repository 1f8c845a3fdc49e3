import { Controller, Get, MessageEvent, Sse } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { GroupSnapshot, SnapshotBroker } from '@streamline/kafka';
import { CliRunner } from '../cli/cli-runner';
import { ClusterWatch } from '../live/cluster-watch.service';
import { Sample } from '../live/sample';

/** The overview: brokers, the registry's topics as `streamline topics` compares them, groups, and the live samples. */
@Controller('api')
export class OverviewController {
  constructor(
    private readonly cli: CliRunner,
    private readonly watch: ClusterWatch,
  ) {}

  @Get('overview')
  async overview(): Promise<{
    at: string;
    brokers: SnapshotBroker[];
    topics: unknown[];
    groups: Omit<GroupSnapshot, 'lag'>[] & { lag: number }[];
    rates: Record<string, number>;
  }> {
    const snapshot = await this.watch.current();
    const topics = (await this.cli.json(['topics'])).lines;
    const history = this.watch.history();
    return {
      at: snapshot.at,
      brokers: snapshot.brokers,
      topics,
      groups: snapshot.groups.map((g) => ({ ...g, lag: g.lag.total })),
      rates: history[history.length - 1]?.rates ?? {},
    };
  }

  /** The samples of the last minutes, for the charts to start with. */
  @Get('history')
  history(): Sample[] {
    return this.watch.history();
  }

  /** Server-sent events: one `sample` per snapshot. */
  @Sse('live')
  live(): Observable<MessageEvent> {
    return this.watch.stream().pipe(map((sample) => ({ type: 'sample', data: sample })));
  }
}
