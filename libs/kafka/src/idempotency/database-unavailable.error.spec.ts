import { HandlerError } from '../errors/kafka.errors';
import { asDatabaseError, DatabaseUnavailableError, isDatabaseUnavailable } from './database-unavailable.error';

function pgError(code: string, message = 'x'): Error {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['terminated by an administrator (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['server shutting down (57P02)', pgError('57P02')],
    ['starting up (57P03)', pgError('57P03')],
    ['a connection exception (08006)', pgError('08006')],
    ['too many connections (53300)', pgError('53300')],
    ['connection refused', pgError('ECONNREFUSED')],
    ['a connection lost under a query', new Error('Connection terminated unexpectedly')],
    ['no connection within the timeout', new Error('timeout exceeded when trying to connect')],
    ['a database not accepting connections', pgError('55000', 'database "x" is not currently accepting connections')],
  ])('recognises %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', pgError('23505')],
    ['a serialization failure (40001)', pgError('40001')],
    ['a syntax error (42601)', pgError('42601')],
    ['a handler bug', new TypeError('cannot read properties of undefined')],
  ])('leaves %s to the retry tiers', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('looks through errors a handler wrapped', () => {
    expect(isDatabaseUnavailable(new HandlerError('saving failed', true, { cause: pgError('57P01') }))).toBe(true);
  });

  it('wraps only what it recognises, keeping the original as cause', () => {
    const original = pgError('57P01', 'terminating connection');
    const mapped = asDatabaseError(original);
    expect(mapped).toBeInstanceOf(DatabaseUnavailableError);
    expect((mapped as DatabaseUnavailableError).cause).toBe(original);
    const other = pgError('23505');
    expect(asDatabaseError(other)).toBe(other);
  });
});
