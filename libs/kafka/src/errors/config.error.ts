import { StreamlineError } from '@streamline/schemas';

/** One bad setting: the variable and what was expected of it. */
export interface ConfigProblem {
  variable: string;
  expected: string;
}

/** Start-up configuration is invalid; the message lists every problem, one per line. */
export class ConfigError extends StreamlineError {
  constructor(readonly problems: ConfigProblem[]) {
    super('config', `Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.expected}`).join('\n')}`, false);
  }
}
