import { Command, CommandRunner, Help } from 'nest-commander';
import { UsageError } from '../errors/cli.errors';
import { ReplayCopyCommand } from './replay-copy.command';
import { ReplayGroupCommand } from './replay-group.command';

/** `streamline replay`: re-read history into a consumer group, or copy it to another topic. */
@Command({
  name: 'replay',
  description: 're-read history: rewind a consumer group, or copy a window of a topic to another topic',
  subCommands: [ReplayGroupCommand, ReplayCopyCommand],
})
export class ReplayCommand extends CommandRunner {
  async run(): Promise<void> {
    throw new UsageError('replay needs a sub-command: group or copy (see streamline replay --help)');
  }

  @Help('after')
  example(): string {
    return '\nExamples:\n  $ streamline replay group streamline-consumer --topic orders --to 2h\n  $ streamline replay copy --from orders --to orders.replayed --since 2026-11-23T09:00:00Z';
  }
}
