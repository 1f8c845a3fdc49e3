import { UsageError } from '../errors/cli.errors';
import { eventsOfStep, parseLoadPlan, parseRates } from './load-plan';

describe('load plan', () => {
  it('reads rates per second or minute, single or stepped', () => {
    expect(parseRates('2000')).toEqual([2000]);
    expect(parseRates('2000/s')).toEqual([2000]);
    expect(parseRates('120/m')).toEqual([2]);
    expect(parseRates('1000, 2000,4000/s')).toEqual([1000, 2000, 4000]);
    expect(() => parseRates('fast')).toThrow(UsageError);
    expect(() => parseRates('0')).toThrow(/--rate/);
  });

  it('needs an end and a target, naming the flag', () => {
    expect(() => parseLoadPlan({ url: 'http://x:1' })).toThrow(/--rate is required/);
    expect(() => parseLoadPlan({ rate: '10', url: 'http://x:1' })).toThrow(/give --duration/);
    expect(() => parseLoadPlan({ rate: '10', count: '5' })).toThrow(/--via http needs --url/);
    expect(() => parseLoadPlan({ rate: '10', count: '5', via: 'smoke' })).toThrow(/--via must be http or kafka/);
    expect(() => parseLoadPlan({ rate: '10', count: '5', url: 'ftp://x' })).toThrow(/--url must be an http/);
    expect(() => parseLoadPlan({ rate: '10', count: '5', url: 'http://x:1', types: 'order.lost.v1' })).toThrow(/order.lost.v1/);
    expect(() => parseLoadPlan({ rate: '10', count: '0', url: 'http://x:1' })).toThrow(/--count must be a positive integer/);
  });

  it('fills in defaults: order stories over 1000 keys, single requests, a run id and file name', () => {
    const plan = parseLoadPlan(
      { rate: '100/s', duration: '1m', url: 'http://localhost:3000/', consumerUrl: 'http://a:1, http://b:2' },
      new Date('2026-11-23T10:11:12Z'),
    );
    expect(plan).toMatchObject({
      rates: [100],
      durationMs: 60_000,
      via: 'http',
      url: 'http://localhost:3000',
      batch: 1,
      keys: 1000,
      seed: 1,
      types: undefined,
      consumerUrls: ['http://a:1', 'http://b:2'],
    });
    expect(plan.runId).toMatch(/^20261123101112-[0-9a-f]{6}$/);
    expect(plan.out).toBe(`load-${plan.runId}.json`);
    expect(parseLoadPlan({ rate: '1', count: '1', via: 'kafka', types: 'order.placed.v1=3,order.paid.v1' }).types).toEqual([
      { type: 'order.placed.v1', weight: 3 },
      { type: 'order.paid.v1', weight: 1 },
    ]);
  });

  it('ends a step at its count or its duration, whichever comes first', () => {
    const plan = parseLoadPlan({ rate: '100', duration: '10s', count: '500', via: 'kafka' });
    expect(eventsOfStep(plan, 100)).toBe(500);
    expect(eventsOfStep(plan, 20)).toBe(200);
    expect(eventsOfStep(parseLoadPlan({ rate: '100', duration: '10s', via: 'kafka' }), 100)).toBe(1000);
  });
});
