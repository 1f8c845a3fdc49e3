import { ExecutionContext } from '@nestjs/common';
import { ProducerConfig } from '../producer.config';
import { ApiKeyGuard } from './api-key.guard';
import { IngestError } from './ingest.error';

const KEY = 'a-key-of-sixteen-chars';
const guardWith = (keys: string[]) => new ApiKeyGuard(Object.assign(new ProducerConfig(), { API_KEYS: keys }));
const contextWith = (headers: Record<string, string>) => ({ switchToHttp: () => ({ getRequest: () => ({ headers }) }) }) as unknown as ExecutionContext;
const statusOf = (guard: ApiKeyGuard, headers: Record<string, string>) => {
  try {
    return guard.canActivate(contextWith(headers)) ? 200 : 403;
  } catch (error) {
    return error instanceof IngestError ? error.status : 500;
  }
};

describe('ApiKeyGuard', () => {
  it('lets everything through when no keys are configured', () => {
    expect(statusOf(guardWith([]), {})).toBe(200);
  });

  it('takes a configured key as a bearer token or as X-API-Key', () => {
    const guard = guardWith(['another-key-0000000', KEY]);
    expect(statusOf(guard, { authorization: `Bearer ${KEY}` })).toBe(200);
    expect(statusOf(guard, { authorization: `bearer   ${KEY}` })).toBe(200);
    expect(statusOf(guard, { 'x-api-key': KEY })).toBe(200);
  });

  it('answers 401 without a key, with a wrong one, or with another scheme', () => {
    const guard = guardWith([KEY]);
    expect(statusOf(guard, {})).toBe(401);
    expect(statusOf(guard, { authorization: `Bearer ${KEY}x` })).toBe(401);
    expect(statusOf(guard, { authorization: `Basic ${KEY}` })).toBe(401);
    expect(statusOf(guard, { 'x-api-key': KEY.slice(1) })).toBe(401);
  });
});
