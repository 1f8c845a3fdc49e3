import { StreamlineError } from '@streamline/schemas';
import { toAccessDenied } from '../../errors/access-denied.error';
import { BrokerUnavailableError, PublishFailedError } from '../../errors/kafka.errors';

/** The parts of the library's errors we read: its own code, the Kafka error's name, nested errors. */
interface PlatformaticErrorShape {
  message?: string;
  code?: string;
  apiId?: string;
  canRetry?: boolean;
  errors?: unknown[];
  cause?: unknown;
}

/** Library codes of a connection that failed or a request that took too long. */
const UNAVAILABLE_CODES = new Set(['PLT_KFK_NETWORK', 'PLT_KFK_TIMEOUT']);

/** Kafka errors that pass once a leader is elected, a replica catches up or a coordinator moves. */
const UNAVAILABLE_API_IDS =
  /^(NOT_ENOUGH_REPLICAS(_AFTER_APPEND)?|LEADER_NOT_AVAILABLE|NOT_LEADER_OR_FOLLOWER|REQUEST_TIMED_OUT|NETWORK_EXCEPTION|COORDINATOR_LOAD_IN_PROGRESS|COORDINATOR_NOT_AVAILABLE|NOT_COORDINATOR|UNKNOWN_TOPIC_OR_PARTITION|FENCED_LEADER_EPOCH|UNKNOWN_LEADER_EPOCH|KAFKA_STORAGE_ERROR|NOT_CONTROLLER)$/;

/**
 * Errors after which the broker no longer accepts this producer id's sequence: every later send
 * would fail the same way, so a new producer (a new id) is needed.
 */
const PRODUCER_STATE_LOST = /^(OUT_OF_ORDER_SEQUENCE_NUMBER|UNKNOWN_PRODUCER_ID|INVALID_PRODUCER_EPOCH|INVALID_PRODUCER_ID_MAPPING|PRODUCER_FENCED)$/;

/** The error and every error it wraps (MultipleErrors' `errors`, `cause`), depth first. */
function* chainOf(error: unknown, depth = 0): Generator<PlatformaticErrorShape> {
  if (!error || typeof error !== 'object' || depth > 6) return;
  const e = error as PlatformaticErrorShape;
  yield e;
  for (const inner of Array.isArray(e.errors) ? e.errors : []) yield* chainOf(inner, depth + 1);
  yield* chainOf(e.cause, depth + 1);
}

/** True when the error, or any error it wraps, says Kafka could not be reached or could not answer in time. */
export function isUnavailable(error: unknown): boolean {
  for (const e of chainOf(error)) {
    if (UNAVAILABLE_CODES.has(e.code ?? '') || UNAVAILABLE_API_IDS.test(e.apiId ?? '')) return true;
  }
  return false;
}

/** True when the broker dropped this producer's id or sequence (see PRODUCER_STATE_LOST). */
export function isProducerStateLost(error: unknown): boolean {
  for (const e of chainOf(error)) if (PRODUCER_STATE_LOST.test(e.apiId ?? '')) return true;
  return false;
}

/** True when the error is Kafka's answer `apiId` (e.g. OFFSET_OUT_OF_RANGE), at any depth. */
export function hasKafkaError(error: unknown, apiId: string): boolean {
  for (const e of chainOf(error)) if (e.apiId === apiId) return true;
  return false;
}

/**
 * True when the broker answered that it does not know a topic: as the Kafka error, or as the
 * library turns it into a `UserError` ("Unknown topic orders.") when its metadata call sees it.
 */
export function isUnknownTopic(error: unknown): boolean {
  for (const e of chainOf(error)) {
    if (e.apiId === 'UNKNOWN_TOPIC_OR_PARTITION' || (e.code === 'PLT_KFK_USER' && /^Unknown topic /.test(e.message ?? ''))) return true;
  }
  return false;
}

/** A one-line description: the library's message and the Kafka errors under it. */
export function describeError(error: unknown): string {
  const top = (error as PlatformaticErrorShape)?.message ?? String(error);
  const kafka = [...new Set([...chainOf(error)].map((e) => e.apiId).filter((id): id is string => !!id))];
  return kafka.length ? `${top} (${kafka.join(', ')})` : top;
}

/**
 * Maps a @platformatic/kafka failure onto Streamline's hierarchy, keeping it as the cause. A refused
 * login, ACL or certificate becomes KafkaAccessDeniedError, naming `attempt` (e.g. `WRITE on topic orders`).
 */
export function toStreamlineError(error: unknown, what: string, attempt?: string): StreamlineError {
  if (error instanceof StreamlineError) return error;
  const denied = toAccessDenied(error, attempt);
  if (denied) return denied;
  const message = `${what}: ${describeError(error)}`;
  return isUnavailable(error) ? new BrokerUnavailableError(message, { cause: error }) : new PublishFailedError(message, { cause: error });
}
