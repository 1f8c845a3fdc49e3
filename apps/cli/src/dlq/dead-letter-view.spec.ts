import { UsageError } from '../errors/cli.errors';
import { DeadLetterView, matchesDeadLetter, parsePositions } from './dead-letter-view';

const letter = (partition: number, offset: string, reason = 'not-json', type: string | null = 'order.placed.v1'): DeadLetterView => ({
  partition,
  offset,
  key: 'k',
  type,
  reason,
  message: null,
  errorName: null,
  sourceTopic: 'orders',
  sourcePartition: 0,
  sourceOffset: '0',
  group: 'g',
  attempts: 0,
  failedAt: null,
});

describe('dead-letter filters', () => {
  it('picks dead letters by position, and by position and reason together', () => {
    expect(matchesDeadLetter(letter(0, '12'), { at: ['0@12', '3@7'] })).toBe(true);
    expect(matchesDeadLetter(letter(3, '12'), { at: ['0@12', '3@7'] })).toBe(false);
    expect(matchesDeadLetter(letter(0, '12'), { at: ['0@12'], reason: ['handler-failed'] })).toBe(false);
    expect(matchesDeadLetter(letter(0, '12'), {})).toBe(true);
  });

  it('reads --at as partition@offset, repeated and comma-separated, and refuses anything else', () => {
    expect(parsePositions('0@12, 3@007', ['1@1'])).toEqual(['1@1', '0@12', '3@7']);
    expect(() => parsePositions('0:12', undefined)).toThrow(UsageError);
    expect(() => parsePositions('', undefined)).toThrow('--at must be positions partition@offset, e.g. 0@12,3@7, got ""');
  });
});
