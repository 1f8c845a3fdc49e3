import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectCommander } from 'nest-commander';
import { EXIT } from './errors/cli.errors';

/** The parts of a commander command this setup touches. */
interface CommanderCommand {
  name(name: string): CommanderCommand;
  enablePositionalOptions(enabled: boolean): CommanderCommand;
  description(text: string): CommanderCommand;
  addHelpText(position: 'after', text: string): CommanderCommand;
  exitOverride(handler: (error: { exitCode: number; code: string }) => never): CommanderCommand;
  showHelpAfterError(message: string): CommanderCommand;
  configureOutput(output: { writeOut?: (text: string) => void; writeErr?: (text: string) => void }): CommanderCommand;
  outputHelp(): void;
  name(): string;
  commands: readonly CommanderCommand[];
}

/**
 * Names the program and makes every command (sub-commands too, which commander does not
 * configure from their parent) exit 2 on bad usage and 0 after --help.
 */
@Injectable()
export class CommanderSetup implements OnApplicationBootstrap {
  constructor(@InjectCommander() private readonly root: CommanderCommand) {}

  onApplicationBootstrap(): void {
    this.root.enablePositionalOptions(true);
    this.root.name('streamline').description('Replay, inspect and operate Streamline event streams on Kafka.').addHelpText('after', ROOT_HELP);
    forEachCommand(this.root, (command) => command.exitOverride(onCommanderExit).showHelpAfterError('(add --help for usage and an example)'));
  }

  /** Every command's help, as `--help` prints it (text added after included), keyed by its path: `''`, `dlq list`. */
  helpSnapshot(): Record<string, string> {
    const snapshot: Record<string, string> = {};
    const visit = (command: CommanderCommand, path: string[]) => {
      let text = '';
      command.configureOutput({ writeOut: (chunk) => (text += chunk), writeErr: (chunk) => (text += chunk) });
      command.outputHelp();
      snapshot[path.join(' ')] = text;
      command.commands.forEach((child) => visit(child, [...path, child.name()]));
    };
    visit(this.root, []);
    return snapshot;
  }
}

const ROOT_HELP = `
Settings come from KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, KAFKA_SSL, KAFKA_SASL_* (as for the services);
--brokers and --prefix override them per command; --env-file <file> reads NAME=value lines over the
environment (a secured cluster's settings in one file). Exit codes: 0 done, 1 failed, 2 bad usage.

Examples:
  $ streamline topics
  $ streamline tail orders --from 15m --type order.paid.v1
  $ streamline lag streamline-consumer --wait --timeout 2m
  $ streamline replay group streamline-consumer --topic orders --to 2h --execute
  $ streamline dlq redrive orders.streamline-consumer.dlq --reason illegal-state`;

function onCommanderExit(error: { exitCode: number; code: string }): never {
  // --help and --version exit 0; help shown because no command was given exits 1 in commander: bad usage.
  process.exit(error.exitCode === 0 ? EXIT.done : EXIT.usage);
}

function forEachCommand(command: CommanderCommand, apply: (command: CommanderCommand) => void): void {
  apply(command);
  command.commands.forEach((child) => forEachCommand(child, apply));
}
