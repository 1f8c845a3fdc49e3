import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { parseDeadLetterTopic } from '@streamline/schemas';
import { ActionLog } from '../access/action-log';
import { operatorOf } from '../access/operator';
import { CliRunner } from '../cli/cli-runner';
import { ClusterWatch } from '../live/cluster-watch.service';
import { NamePipe } from './name.pipe';
import { RedriveRequest } from './requests';

/** Dead letters: the lists and the redrive of `streamline dlq`. */
@Controller('api/dlq')
export class DeadLettersController {
  constructor(
    private readonly cli: CliRunner,
    private readonly watch: ClusterWatch,
    private readonly actions: ActionLog,
  ) {}

  /** Every dead-letter topic on the cluster with its record count. */
  @Get()
  async topics(): Promise<{ topic: string; source: string; group: string; records: number }[]> {
    const snapshot = await this.watch.current();
    return snapshot.topics.flatMap((t) => {
      const parsed = parseDeadLetterTopic(t.name);
      if (!parsed) return [];
      const records = t.partitions.reduce((sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)), 0);
      return [{ topic: t.name, source: parsed.topic, group: parsed.group, records }];
    });
  }

  /** `dlq list` (counts by reason and type, redrives so far) and `dlq show` (the letters, at most 500). */
  @Get(':topic')
  async letters(@Param('topic', NamePipe) topic: string): Promise<{ summary: unknown[]; redrives: unknown[]; letters: unknown[] }> {
    const list = await this.cli.json<Record<string, unknown>>(['dlq', 'list', topic]);
    const show = await this.cli.json(['dlq', 'show', topic, '--limit', '500']);
    return {
      summary: list.lines.filter((l) => !('redrive' in l)),
      redrives: list.lines.filter((l) => 'redrive' in l).map((l) => l.redrive),
      letters: show.lines,
    };
  }

  /** `dlq redrive` of the letters picked (by reason, type or position): a dry run unless `execute` is true; the same at-most-once rules as the command. */
  @Post(':topic/redrive')
  async redrive(@Param('topic', NamePipe) topic: string, @Body() body: RedriveRequest, @Req() request: Request): Promise<unknown> {
    const args = [
      'dlq',
      'redrive',
      topic,
      ...(body.reason ?? []).flatMap((r) => ['--reason', r]),
      ...(body.type ?? []).flatMap((t) => ['--type', t]),
      ...(body.at?.length ? ['--at', body.at.join(',')] : []),
    ];
    if (!body.execute) return (await this.cli.json([...args, '--dry-run'])).lines[0];
    const what = { topic, reason: body.reason ?? null, type: body.type ?? null, at: body.at ?? null };
    return this.actions.run(operatorOf(request), 'dlq-redrive', what, async () => (await this.cli.json(args)).lines[0]);
  }
}
