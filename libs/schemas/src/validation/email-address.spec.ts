import { isEmail } from 'class-validator';
import { EMAIL_ADDRESS_PATTERN, isEmailAddress } from './email-address';

/** validator.js throws on a lone surrogate (encodeURI); such a value was never accepted. */
function wasAccepted(value: string): boolean {
  try {
    return isEmail(value);
  } catch {
    return false;
  }
}

describe('isEmailAddress', () => {
  it('accepts every address @IsEmail() accepted, and on ASCII addresses exactly those', () => {
    let state = 5322;
    const random = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
    const chars = [
      'a',
      'Z',
      '0',
      '.',
      '-',
      '_',
      '+',
      '"',
      '\\',
      ' ',
      '@',
      'ü',
      '中',
      '\u00a0',
      '\u3000',
      '\uff01',
      '\uff21',
      '😀',
      '\t',
      '!',
      '#',
      '(',
      ',',
      '[',
      'x',
      'n',
      '9',
      '\u2028',
      '\ufeff',
      '\u00aa',
      '\u00a9',
    ];
    const word = (n: number) => Array.from({ length: n }, () => pick(chars)).join('');
    const tlds = ['com', 'org', 'c', 'co', 'xn--p1ai', 'xn--', 'xn-a', 'de1', '123', 'ü', 'üü', 'Com', 'c-m', 'cc-', '-cc', 'c\u3000c', 'cc\ufeff', 'ｃｏｍ'];
    const refused: string[] = [];
    const asciiDisagreements: string[] = [];
    let accepted = 0;
    for (let i = 0; i < 40_000; i++) {
      const local = pick([
        () => word(1 + Math.floor(random() * 6)),
        () => `"${word(Math.floor(random() * 5))}"`,
        () => 'a.b',
        () => 'x'.repeat(60 + Math.floor(random() * 8)),
        () => 'üser',
        () => '"',
      ])();
      const labels = Array.from({ length: Math.floor(random() * 3) }, () =>
        pick([
          () => 'example',
          () => word(1 + Math.floor(random() * 4)),
          () => 'a'.repeat(62 + Math.floor(random() * 3)),
          () => 'exämple',
          () => '-x',
          () => 'x-',
        ])(),
      );
      let value = `${local}@${[...labels, pick(tlds)].join('.')}`;
      if (random() < 0.2) {
        const at = Math.floor(random() * value.length);
        value = value.slice(0, at) + pick(chars) + value.slice(at);
      }
      if (value.length > 254) continue;
      const before = wasAccepted(value);
      if (before) accepted++;
      if (before && !isEmailAddress(value)) refused.push(value);
      if (/^[\x20-\x7e]*$/.test(value) && before !== isEmailAddress(value)) asciiDisagreements.push(value);
    }
    expect(refused.slice(0, 10)).toEqual([]);
    expect(asciiDisagreements.slice(0, 10)).toEqual([]);
    expect(accepted).toBeGreaterThan(2000);
  });

  it('takes internationalised addresses and quoted local parts, refuses what is no address', () => {
    for (const value of ['user@example.com', 'üser@exämple.com', 'a.b+tag@xn--p1ai.xn--p1ai', '"john doe"@example.org', '用户@例子.广告']) {
      expect([value, isEmailAddress(value)]).toEqual([value, true]);
    }
    for (const value of [
      'a@b',
      'a@b.c',
      'a@b.123',
      '.a@example.com',
      'a..b@example.com',
      'a@-b.com',
      'a@b_c.com',
      `${'x'.repeat(65)}@example.com`,
      'a@ｅｘａｍｐｌｅ.com',
      null,
      42,
    ]) {
      expect([value, isEmailAddress(value)]).toEqual([value, false]);
    }
  });

  it('is one ECMAScript pattern the JSON Schema can publish as is', () => {
    expect(() => new RegExp(EMAIL_ADDRESS_PATTERN, 'u')).not.toThrow();
    expect(EMAIL_ADDRESS_PATTERN.startsWith('^') && EMAIL_ADDRESS_PATTERN.endsWith('$')).toBe(true);
  });
});
