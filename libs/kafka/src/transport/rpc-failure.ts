import { HandlerError } from '../errors/kafka.errors';

/**
 * Turns what a `@nestjs/microservices` handler failed with into an error the retry router reads.
 * Nest's RPC exception layer hands errors on as plain objects: `RpcException('text')` becomes
 * `{ status: 'error', message: 'text' }`, `RpcException(object)` the object itself, and any other
 * exception `{ status: 'error', message: 'Internal server error' }` (the original is logged by
 * Nest's RpcExceptionsHandler). An object's `retriable: false` dead-letters at once; anything else
 * is retriable, as the runtime treats an error that does not say. An Error (a filter rethrew the
 * original) is kept as it is.
 */
export function toHandlerFailure(failure: unknown, pattern: string): Error {
  if (failure instanceof Error) return failure;
  if (typeof failure === 'object' && failure !== null) {
    const { message, retriable } = failure as { message?: unknown; retriable?: unknown };
    const text = typeof message === 'string' && message ? message : safeJson(failure);
    return new HandlerError(`${pattern}: ${text}`, retriable !== false, { cause: failure });
  }
  return new HandlerError(`${pattern}: ${String(failure)}`, true, { cause: failure });
}

function safeJson(value: object): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
