import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { CommandFactory } from 'nest-commander';
import { ConfigError, loadConfig } from '@streamline/kafka';
import { CliConfig } from './cli.config';
import { CliModule } from './cli.module';
import { CommanderSetup } from './commander-setup';
import { applyEnvFile } from './env-file';
import { describeError, EXIT, exitCodeOf } from './errors/cli.errors';

/** The build's own flag: writes every command's help text as JSON to the file named after it. */
const WRITE_HELP_SNAPSHOT = '--write-help-snapshot';

/**
 * Runs `streamline` with its Nest program: exit 0 when the command did its work, 1 when it failed,
 * 2 on bad usage (unknown command or flag, bad value, bad environment).
 */
export function runCli(version: string): Promise<never> {
  return main(version).then(exit, (error) => {
    process.stderr.write(`error: ${describeError(error)}\n`);
    return exit(EXIT.failed);
  });
}

async function main(version: string): Promise<number> {
  quietKafkaTimerWarnings();
  let config: CliConfig;
  try {
    applyEnvFile(process.argv);
    config = loadConfig(CliConfig, process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : describeError(error)}\n`);
    return EXIT.usage;
  }
  let failure: unknown;
  const app = await CommandFactory.createWithoutRunning(CliModule.forConfig(config), {
    logger: false,
    cliName: 'streamline',
    version,
    enablePositionalOptions: true,
    serviceErrorHandler: (error) => {
      failure = error;
    },
  });
  if (process.argv[2] === WRITE_HELP_SNAPSHOT) {
    writeFileSync(process.argv[3], `${JSON.stringify(app.get(CommanderSetup).helpSnapshot(), null, 1)}\n`);
    await app.close();
    return EXIT.done;
  }
  try {
    await CommandFactory.runApplication(app);
  } finally {
    await app.close().catch(() => undefined);
  }
  if (failure !== undefined) {
    process.stderr.write(`error: ${describeError(failure)}\n`);
    return exitCodeOf(failure);
  }
  return typeof process.exitCode === 'number' ? process.exitCode : EXIT.done;
}

/**
 * kafkajs 2.2.4 sets timers with negative delays on Node 24, which then warns on every run;
 * the timers behave as intended, so that one warning is dropped and every other one kept.
 */
function quietKafkaTimerWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}

/** Exits once stdout and stderr are flushed: a pipe that was full still holds queued output. */
async function exit(code: number): Promise<never> {
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
  process.exit(code);
}
