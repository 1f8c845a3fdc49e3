import { Command, CommandRunner, Help } from 'nest-commander';
import { UsageError } from '../errors/cli.errors';
import { DlqListCommand } from './dlq-list.command';
import { DlqRedriveCommand } from './dlq-redrive.command';
import { DlqShowCommand } from './dlq-show.command';

/** `streamline dlq`: inspect and re-drive a dead-letter topic. */
@Command({
  name: 'dlq',
  description: 'inspect dead letters and send them back to their source topic',
  subCommands: [DlqListCommand, DlqShowCommand, DlqRedriveCommand],
})
export class DlqCommand extends CommandRunner {
  async run(): Promise<void> {
    throw new UsageError('dlq needs a sub-command: list, show or redrive (see streamline dlq --help)');
  }

  @Help('after')
  example(): string {
    return '\nDead-letter topics are named <topic>.<group>.dlq, e.g. orders.streamline-consumer.dlq.\n\nExample:\n  $ streamline dlq list orders.streamline-consumer.dlq';
  }
}
