import 'reflect-metadata';
import { hideKafkajsTimerWarning } from '@streamline/local-broker';
import { parseBenchArgs } from './bench-plan';
import { runBench } from './bench-runner';
import { contenderMain } from './support/contender-process';

/**
 * `npm run bench [-- --quick]`: Streamline against the alternatives on one broker.
 * Also the entry of each contender's own process (`main.js contender <name>`).
 */
async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'contender') {
    await contenderMain(argv[1]);
    return 0;
  }
  const { result } = await runBench(parseBenchArgs(argv));
  return result.failures.length > 0 ? 1 : 0;
}

hideKafkajsTimerWarning();

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
