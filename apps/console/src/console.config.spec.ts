import { ConfigError, loadConfig } from '@streamline/kafka';
import { ConsoleConfig } from './console.config';

describe('ConsoleConfig', () => {
  it('binds to loopback on port 3300 without a token by default', () => {
    expect(loadConfig(ConsoleConfig, {})).toMatchObject({ CONSOLE_HOST: '127.0.0.1', PORT: 3300, CONSOLE_TOKEN: undefined });
  });

  it('refuses a public address without an operator token, naming what to set', () => {
    expect(() => loadConfig(ConsoleConfig, { CONSOLE_HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig(ConsoleConfig, { CONSOLE_HOST: '0.0.0.0' })).toThrow(
      'CONSOLE_HOST: CONSOLE_TOKEN (16 characters or more) is required when CONSOLE_HOST is not a loopback address',
    );
  });

  it('accepts a public address with a token of 16 characters or more, and refuses a shorter token', () => {
    expect(loadConfig(ConsoleConfig, { CONSOLE_HOST: '0.0.0.0', CONSOLE_TOKEN: 'x'.repeat(16) }).CONSOLE_TOKEN).toBe('x'.repeat(16));
    expect(() => loadConfig(ConsoleConfig, { CONSOLE_TOKEN: 'short' })).toThrow('CONSOLE_TOKEN must be at least 16 characters');
  });
});
