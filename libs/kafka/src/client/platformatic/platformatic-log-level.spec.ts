import { levelOfPlatformaticEvent } from './platformatic-log-level';

const protocolError = (apiId: string) => ({ code: 'PLT_KFK_PROTOCOL', apiId, message: apiId });
const responseError = (...apiIds: string[]) => ({ code: 'PLT_KFK_RESPONSE', message: 'Received response with error', errors: apiIds.map(protocolError) });

describe('levelOfPlatformaticEvent', () => {
  it('logs a heartbeat told that the group is rebalancing at debug', () => {
    expect(levelOfPlatformaticEvent('consumer:heartbeat:error', { error: responseError('REBALANCE_IN_PROGRESS') }.error)).toBe('debug');
  });

  it('logs other heartbeat failures, which the library retries, as warnings', () => {
    expect(levelOfPlatformaticEvent('consumer:heartbeat:error', responseError('NOT_COORDINATOR'))).toBe('warn');
    expect(levelOfPlatformaticEvent('consumer:heartbeat:error', { code: 'PLT_KFK_NETWORK', message: 'Connection closed' })).toBe('warn');
  });

  it('logs a group join as info and a rebalance starting at debug', () => {
    expect(levelOfPlatformaticEvent('consumer:group:join')).toBe('log');
    expect(levelOfPlatformaticEvent('consumer:group:rebalance')).toBe('debug');
  });

  it('lowers an error event that is only group coordination to a warning', () => {
    expect(levelOfPlatformaticEvent('error', { message: 'joinGroup failed 6 times.', errors: [responseError('COORDINATOR_NOT_AVAILABLE')] })).toBe('warn');
  });

  it('keeps an error event the library does not recover from at error level', () => {
    expect(levelOfPlatformaticEvent('error', responseError('GROUP_AUTHORIZATION_FAILED'))).toBe('error');
    expect(levelOfPlatformaticEvent('error', new Error('boom'))).toBe('error');
  });

  it('logs a failed connection attempt as a warning and a closed connection at debug', () => {
    expect(levelOfPlatformaticEvent('client:broker:failed')).toBe('warn');
    expect(levelOfPlatformaticEvent('client:broker:disconnect')).toBe('debug');
  });
});
