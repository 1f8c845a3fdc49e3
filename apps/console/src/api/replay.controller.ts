import { Body, Controller, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ActionLog } from '../access/action-log';
import { operatorOf } from '../access/operator';
import { CliRunner } from '../cli/cli-runner';
import { ReplayCopyRequest, ReplayGroupRequest } from './requests';

/** Replay: the plans and runs of `streamline replay group` and `streamline replay copy`. */
@Controller('api/replay')
export class ReplayController {
  constructor(
    private readonly cli: CliRunner,
    private readonly actions: ActionLog,
  ) {}

  /**
   * The plan of a group rewind (per partition: current → new, records re-read or skipped), exactly
   * as `streamline replay group --json` prints it; with `execute`, applied — which the command
   * refuses (409) while the group has live members.
   */
  @Post('group')
  async group(@Body() body: ReplayGroupRequest, @Req() request: Request): Promise<unknown> {
    const args = ['replay', 'group', body.group, '--topic', body.topic, '--to', body.to];
    if (!body.execute) return (await this.cli.json(args)).lines[0];
    const what = { group: body.group, topic: body.topic, to: body.to };
    return this.actions.run(operatorOf(request), 'replay-group', what, async () => (await this.cli.json([...args, '--execute'])).lines[0]);
  }

  /** A copy of a window of history to another topic: counted with `--dry-run`, written with `execute`. */
  @Post('copy')
  async copy(@Body() body: ReplayCopyRequest, @Req() request: Request): Promise<unknown> {
    const args = ['replay', 'copy', '--from', body.from, '--to', body.to];
    if (body.since) args.push('--since', body.since);
    if (body.until) args.push('--until', body.until);
    if (!body.execute) return (await this.cli.json([...args, '--dry-run'])).lines[0];
    const what = { from: body.from, to: body.to, since: body.since ?? null, until: body.until ?? null };
    return this.actions.run(operatorOf(request), 'replay-copy', what, async () => (await this.cli.json(args)).lines[0]);
  }
}
