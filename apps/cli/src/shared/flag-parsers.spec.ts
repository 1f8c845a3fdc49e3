import { UsageError } from '../errors/cli.errors';
import { formatTable } from '../output/table';
import { parseCount, parseList, parseRate } from './flag-parsers';

describe('flag parsers', () => {
  it('reads counts and refuses anything else with a usage error naming the flag', () => {
    expect(parseCount('25', '--limit')).toBe(25);
    expect(() => parseCount('0', '--limit')).toThrow(new UsageError('--limit must be a whole number ≥ 1, got "0"'));
    expect(() => parseCount('2.5', '--limit')).toThrow(UsageError);
  });

  it('reads rates per second or per minute', () => {
    expect(parseRate('500/s', '--rate')).toBe(500);
    expect(parseRate('500', '--rate')).toBe(500);
    expect(parseRate('120/m', '--rate')).toBe(2);
    expect(() => parseRate('fast', '--rate')).toThrow('--rate must be a rate such as 500/s or 1000/m, got "fast"');
  });

  it('accumulates repeated and comma-separated values', () => {
    expect(parseList('b, c', parseList('a', undefined))).toEqual(['a', 'b', 'c']);
  });
});

describe('formatTable', () => {
  it('aligns columns and trims trailing blanks', () => {
    expect(
      formatTable(
        [{ header: 'NAME' }, { header: 'N', align: 'right' }],
        [
          ['orders', '6'],
          ['payments', '12'],
        ],
      ),
    ).toBe(['NAME       N', 'orders     6', 'payments  12'].join('\n'));
  });
});
