import { BrokerUnavailableError } from '../errors/kafka.errors';

/** Resolves like `promise`, or rejects with BrokerUnavailableError(`message`) after `ms`. The promise itself runs on. */
export function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new BrokerUnavailableError(message)), Math.max(0, ms));
    timer.unref();
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}
