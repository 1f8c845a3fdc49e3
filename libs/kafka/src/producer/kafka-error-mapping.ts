import { StreamlineError } from '@streamline/schemas';
import { BrokerUnavailableError, PublishFailedError } from '../errors/kafka.errors';

/** Maps a kafkajs failure onto Streamline's hierarchy, keeping it as the cause. */
export function toStreamlineError(error: unknown, what: string): StreamlineError {
  if (error instanceof StreamlineError) return error;
  const e = error as { name?: string; message?: string; retriable?: boolean; type?: string };
  const name = e?.name ?? 'Error';
  const unavailable =
    e?.retriable === true ||
    /Connection|Timeout|NumberOfRetriesExceeded|BrokerNotFound|NotImplemented|LeaderNotAvailable|NotEnoughReplicas/.test(name) ||
    /NOT_ENOUGH_REPLICAS|LEADER_NOT_AVAILABLE|NOT_LEADER|REQUEST_TIMED_OUT/.test(e?.type ?? '');
  const message = `${what}: ${e?.message ?? String(error)}`;
  return unavailable ? new BrokerUnavailableError(message, { cause: error }) : new PublishFailedError(message, { cause: error });
}
