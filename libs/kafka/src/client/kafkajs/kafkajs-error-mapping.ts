import { StreamlineError } from '@streamline/schemas';
import { BrokerUnavailableError, PublishFailedError } from '../../errors/kafka.errors';
import { toAccessDenied } from '../../errors/access-denied.error';

type KafkaJsError = { name?: string; message?: string; retriable?: boolean; type?: string; originalError?: unknown; cause?: unknown; errors?: unknown[] };

const UNAVAILABLE_NAMES =
  /Connection|Timeout|NumberOfRetriesExceeded|BrokerNotFound|NotImplemented|LeaderNotAvailable|NotEnoughReplicas|MetadataNotLoaded|LockTimeout/;
const UNAVAILABLE_TYPES =
  /NOT_ENOUGH_REPLICAS|LEADER_NOT_AVAILABLE|NOT_LEADER|REQUEST_TIMED_OUT|NETWORK_EXCEPTION|COORDINATOR_(LOAD_IN_PROGRESS|NOT_AVAILABLE)|UNKNOWN_TOPIC_OR_PARTITION/;

/** True when the error, or any error it wraps, says Kafka could not be reached or could not answer in time. */
export function isUnavailable(error: unknown, depth = 0): boolean {
  const e = error as KafkaJsError | undefined;
  if (!e || depth > 5) return false;
  if (e.retriable === true || UNAVAILABLE_NAMES.test(e.name ?? '') || UNAVAILABLE_TYPES.test(e.type ?? '')) return true;
  return isUnavailable(e.originalError, depth + 1) || isUnavailable(e.cause, depth + 1);
}

/**
 * True when the error, or one it wraps, is the broker's "unknown topic" (kafkajs' retrier passes
 * the protocol error on as `originalError`, its admin aggregates per-topic errors in `errors`).
 */
export function isUnknownTopic(error: unknown, depth = 0): boolean {
  const e = error as KafkaJsError | undefined;
  if (!e || typeof e !== 'object' || depth > 5) return false;
  if (e.type === 'UNKNOWN_TOPIC_OR_PARTITION') return true;
  return [e.originalError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])].some((inner) => isUnknownTopic(inner, depth + 1));
}

/**
 * Maps a kafkajs failure onto Streamline's hierarchy, keeping it as the cause. A refused login,
 * ACL or certificate becomes KafkaAccessDeniedError, naming `attempt` (e.g. `WRITE on topic orders`).
 */
export function toStreamlineError(error: unknown, what: string, attempt?: string): StreamlineError {
  if (error instanceof StreamlineError) return error;
  const denied = toAccessDenied(error, attempt);
  if (denied) return denied;
  const message = `${what}: ${(error as KafkaJsError)?.message ?? String(error)}`;
  return isUnavailable(error) ? new BrokerUnavailableError(message, { cause: error }) : new PublishFailedError(message, { cause: error });
}
