import { logLevel } from 'kafkajs';
import { levelOfKafkajsEntry } from './kafkajs-log-level';

const entry = (level: logLevel, log: Record<string, unknown>) => ({ level, log: { timestamp: '', logger: 'kafkajs', ...log } as never });

describe('levelOfKafkajsEntry', () => {
  it('logs a heartbeat told to rejoin a rebalancing group at debug', () => {
    expect(
      levelOfKafkajsEntry(
        entry(logLevel.ERROR, { message: 'Response Heartbeat(key: 12, version: 3)', error: 'The group is rebalancing, so a rejoin is needed' }),
      ),
    ).toBe('debug');
  });

  it('logs a new topic answering before its leader is elected at debug (the client asks again)', () => {
    expect(
      levelOfKafkajsEntry(
        entry(logLevel.ERROR, { message: 'Response ListOffsets(key: 2, version: 3)', error: 'This server is not the leader for that topic-partition' }),
      ),
    ).toBe('debug');
  });

  it('logs a metadata answer about a topic not every broker knows yet at debug', () => {
    expect(
      levelOfKafkajsEntry(entry(logLevel.ERROR, { message: 'Response Metadata(key: 3, version: 6)', error: 'This server does not host this topic-partition' })),
    ).toBe('debug');
  });

  it('logs a coordinator move and the restart kafkajs makes after it as warnings', () => {
    expect(
      levelOfKafkajsEntry(
        entry(logLevel.ERROR, { message: 'Response OffsetCommit(key: 8, version: 5)', error: 'This is not the correct coordinator for this group' }),
      ),
    ).toBe('warn');
    expect(levelOfKafkajsEntry(entry(logLevel.ERROR, { message: 'Crash: KafkaJSProtocolError: This is not the correct coordinator for this group' }))).toBe(
      'warn',
    );
    expect(levelOfKafkajsEntry(entry(logLevel.ERROR, { message: 'Restarting the consumer in 300ms', retryCount: 0 }))).toBe('warn');
    expect(levelOfKafkajsEntry(entry(logLevel.ERROR, { message: 'The coordinator is not aware of this member, re-joining the group' }))).toBe('warn');
  });

  it('logs an error kafkajs is retrying as a warning', () => {
    expect(levelOfKafkajsEntry(entry(logLevel.ERROR, { message: 'Connection error', retry: { attempt: 1 } }))).toBe('warn');
  });

  it('keeps an error kafkajs does not recover from at error level', () => {
    expect(levelOfKafkajsEntry(entry(logLevel.ERROR, { message: 'Response Produce(key: 0, version: 7)', error: 'Topic authorization failed' }))).toBe('error');
  });

  it('keeps warnings and lowers info and debug', () => {
    expect(levelOfKafkajsEntry(entry(logLevel.WARN, { message: 'x' }))).toBe('warn');
    expect(levelOfKafkajsEntry(entry(logLevel.INFO, { message: 'x' }))).toBe('log');
    expect(levelOfKafkajsEntry(entry(logLevel.DEBUG, { message: 'x' }))).toBe('debug');
  });
});
