import { StreamlineError } from '@streamline/schemas';

/** `streamline` refused or failed; `exitCode` 2 is a bad request, 1 a refusal the operator can act on. */
export class CliFailedError extends StreamlineError {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(exitCode === 2 ? 'config' : 'illegal-state', message, false);
  }

  /** Kafka did not answer: a retry may succeed. */
  get unreachable(): boolean {
    return this.message.startsWith('cannot reach Kafka');
  }
}
