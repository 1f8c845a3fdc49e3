/** What went wrong while installing, starting or stopping the local broker. */
export type LocalBrokerErrorCode =
  | 'missing-requirement'
  | 'install-failed'
  | 'port-in-use'
  | 'port-ephemeral'
  | 'broker-exited'
  | 'start-timeout'
  | 'cluster-mismatch'
  | 'tool-failed'
  | 'unsupported-version';

/** An error of the local broker tooling; its message is one line meant for a person. */
export class LocalBrokerError extends Error {
  constructor(
    readonly code: LocalBrokerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LocalBrokerError';
  }
}
