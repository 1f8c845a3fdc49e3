import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { summarize } from '../support/stats';
import { ContenderResult } from '../contenders/contender';
import { ContenderSummary, Scenario } from './scenario';

/** Runs of each command: starts are short, so a few more than the other scenarios' repetitions. */
const RUNS = 5;

interface Command {
  name: string;
  label: string;
  file: string;
  args: string[];
}

/** Wall time of one run in ms, from spawn to exit; a failed run is an error, not a figure. */
function timeRun(command: Command, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(command.file, command.args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', fail);
    child.once('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) done(ms);
      else fail(new Error(`${command.label} exited ${code}: ${stderr.trim()}`));
    });
  });
}

/**
 * How long `streamline` takes to answer, the way the README runs it (bin/streamline, on the
 * project's Node), beside kcat -L, a C client asking the same broker for its metadata.
 */
export const cliStartScenario: Scenario = async (context) => {
  const cli = resolve('bin', 'streamline');
  const brokers = context.brokers.join(',');
  const commands: Command[] = [
    { name: 'streamline-help', label: 'streamline --help', file: cli, args: ['--help'] },
    { name: 'streamline-command-help', label: 'streamline dlq redrive --help', file: cli, args: ['dlq', 'redrive', '--help'] },
    { name: 'streamline-topics', label: 'streamline topics', file: cli, args: ['topics'] },
    { name: 'kcat-metadata', label: 'kcat -L', file: 'kcat', args: ['-L', '-b', brokers] },
  ];
  const env = { ...process.env, KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: context.prefix('cli-start.') };
  const millis = new Map<string, number[]>(commands.map((c) => [c.name, []]));
  // Interleaved, as the other scenarios do, so the machine's drift spreads over every command.
  for (let run = 0; run < RUNS; run++) {
    for (const command of commands) {
      const ms = await timeRun(command, env);
      context.log(`  ${command.label} #${run + 1}: ${Math.round(ms)} ms`);
      millis.get(command.name)!.push(ms);
    }
  }
  const contenders: ContenderSummary[] = commands.map((c) => ({
    name: c.name,
    label: c.label,
    summary: summarize(millis.get(c.name)!),
    results: millis.get(c.name)!.map((ms): ContenderResult => ({ count: 1, seconds: ms / 1000, rate: 1000 / ms, peakRssMb: 0 })),
  }));
  const median = (name: string) => contenders.find((c) => c.name === name)!.summary.median;
  return {
    id: 'cli-start',
    title: 'Command line: time to answer',
    unit: 'ms',
    higherIsBetter: false,
    setup: { runs: RUNS, via: 'bin/streamline', brokers },
    contenders,
    targets: [
      { description: 'streamline --help, ms', value: median('streamline-help'), target: '< 1000', met: median('streamline-help') < 1000 },
      {
        description: 'streamline <command> --help, ms',
        value: median('streamline-command-help'),
        target: '< 1000',
        met: median('streamline-command-help') < 1000,
      },
      {
        description: 'streamline topics against the broker, ms',
        value: median('streamline-topics'),
        target: '< 1500',
        met: median('streamline-topics') < 1500,
      },
    ],
  };
};
