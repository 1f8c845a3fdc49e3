import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectCommander } from 'nest-commander';
import { EXIT } from './errors/cli.errors';

/** The parts of a commander command this setup touches. */
interface CommanderCommand {
  name(name: string): CommanderCommand;
  enablePositionalOptions(enabled: boolean): CommanderCommand;
  description(text: string): CommanderCommand;
  exitOverride(handler: (error: { exitCode: number; code: string }) => never): CommanderCommand;
  showHelpAfterError(message: string): CommanderCommand;
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
    this.root.name('streamline').description('Replay, inspect and operate Streamline event streams on Kafka.');
    forEachCommand(this.root, (command) => command.exitOverride(onCommanderExit).showHelpAfterError('(add --help for usage and an example)'));
  }
}

function onCommanderExit(error: { exitCode: number; code: string }): never {
  const ok = error.exitCode === 0 || ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
  process.exit(ok ? EXIT.done : EXIT.usage);
}

function forEachCommand(command: CommanderCommand, apply: (command: CommanderCommand) => void): void {
  apply(command);
  command.commands.forEach((child) => forEachCommand(child, apply));
}
