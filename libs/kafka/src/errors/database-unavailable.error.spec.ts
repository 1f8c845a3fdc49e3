import { HandlerError } from '../errors/kafka.errors';
import { databaseUnavailable, DatabaseUnavailableError, isDatabaseUnavailable, isLostConnection } from './database-unavailable.error';

function pgError(code: string, message = 'x'): Error {
  return Object.assign(new Error(message), { code });
}

describe('isLostConnection', () => {
  it.each([
    ['terminated by an administrator (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['server shutting down (57P02)', pgError('57P02')],
    ['starting up (57P03)', pgError('57P03')],
    ['a connection exception (08006)', pgError('08006')],
    ['too many connections (53300)', pgError('53300')],
    ['a connection lost under a query', new Error('Connection terminated unexpectedly')],
    ['no connection within the timeout', new Error('timeout exceeded when trying to connect')],
    ['a database not accepting connections', pgError('55000', 'database "x" is not currently accepting connections')],
  ])('recognises %s', (_name, error) => {
    expect(isLostConnection(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', pgError('23505')],
    ['a serialization failure (40001)', pgError('40001')],
    ['a lock timeout (55P03)', pgError('55P03', 'canceling statement due to lock timeout')],
    ['a handler bug', new TypeError('cannot read properties of undefined')],
    // A socket error code names no service: Kafka refusing connections is not the database's outage.
    ['Kafka refusing connections', pgError('ECONNREFUSED', 'Connection error: connect ECONNREFUSED 127.0.0.1:9092')],
  ])('leaves %s to the retry tiers', (_name, error) => {
    expect(isLostConnection(error)).toBe(false);
  });
});

describe('isDatabaseUnavailable', () => {
  it('is true only for what a database adapter declared unavailable, also when a handler wrapped it', () => {
    const declared = databaseUnavailable(pgError('57P01'));
    expect(isDatabaseUnavailable(declared)).toBe(true);
    expect(isDatabaseUnavailable(new HandlerError('saving failed', true, { cause: declared }))).toBe(true);
    expect(isDatabaseUnavailable(pgError('57P01'))).toBe(false);
    expect(isDatabaseUnavailable(pgError('ECONNREFUSED'))).toBe(false);
  });

  it('keeps the original as cause, and does not wrap twice', () => {
    const original = pgError('57P01', 'terminating connection');
    const declared = databaseUnavailable(original);
    expect(declared).toBeInstanceOf(DatabaseUnavailableError);
    expect(declared.cause).toBe(original);
    expect(databaseUnavailable(declared)).toBe(declared);
  });
});
