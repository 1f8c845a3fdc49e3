import { AcceptedEvent, PlannedEvent } from '../traffic/order-traffic';
import { LoggedRecord } from './log-reader';
import { Observations, tally } from './tally';

const planned = (orderId: string): PlannedEvent[] => [0, 1, 2].map((step) => ({ id: `${orderId}-${step}`, orderId, step, body: {} }));
const accepted = (orderId: string, steps: number[]): AcceptedEvent[] =>
  steps.map((step) => ({ id: `${orderId}-${step}`, orderId, step, acceptedAt: 0, tookMs: 0 }));
const logged = (id: string, reason?: string): LoggedRecord => ({
  partition: 0,
  offset: 0,
  key: null,
  headers: { ce_id: id, ...(reason ? { streamline_error_reason: reason } : {}) },
});

function observe(partial: Partial<Observations>): Observations {
  return {
    attempts: { attempted: 0, accepted: 0, unavailable: 0, failed: 0 },
    answers: new Map(),
    accepted: [],
    planned: new Map(),
    topicRecords: [],
    deadLetterRecords: [],
    applied: new Map(),
    redeliveries: 0,
    recoverySeconds: 1,
    notes: [],
    ...partial,
  };
}

describe('tally', () => {
  it('counts an accepted event that is neither applied nor dead-lettered as lost', () => {
    const counts = tally(
      observe({
        accepted: [...accepted('a', [0, 1, 2]), ...accepted('b', [0])],
        planned: new Map([
          ['a', planned('a')],
          ['b', planned('b')],
        ]),
        applied: new Map([['a', ['a-0', 'a-1']]]),
        deadLetterRecords: [logged('a-2', 'illegal-state')],
        topicRecords: ['a-0', 'a-1', 'a-2'].map((id) => logged(id)),
      }),
    );
    expect(counts.lost).toBe(1);
    expect(counts.deadLetters).toBe(1);
    expect(counts.notes).toContain('1 accepted events lost, 1 of them not in the topic at all');
    expect(counts.notes).toContain('dead letters by reason: illegal-state 1');
  });

  it('counts an event id applied twice as a duplicate effect, and records twice in the log as log duplicates', () => {
    const counts = tally(
      observe({
        accepted: accepted('a', [0, 1]),
        planned: new Map([['a', planned('a')]]),
        applied: new Map([['a', ['a-0', 'a-1', 'a-1']]]),
        topicRecords: ['a-0', 'a-1', 'a-1'].map((id) => logged(id)),
      }),
    );
    expect(counts).toMatchObject({ lost: 0, duplicateEffects: 1, duplicatesInLog: 1, orderViolations: 0 });
  });

  it('finds an order whose effects were applied out of the order they were accepted in', () => {
    const counts = tally(
      observe({
        accepted: accepted('a', [0, 1, 2]),
        planned: new Map([['a', planned('a')]]),
        applied: new Map([['a', ['a-0', 'a-2', 'a-1']]]),
      }),
    );
    expect(counts.orderViolations).toBe(1);
  });

  it('names records in the topic that the traffic never sent (an abusive request that got in)', () => {
    const counts = tally(
      observe({
        accepted: accepted('a', [0]),
        planned: new Map([['a', planned('a')]]),
        applied: new Map([['a', ['a-0']]]),
        topicRecords: [logged('a-0'), logged('abuse-1')],
      }),
    );
    expect(counts.notes).toContain('**1 record(s) in the topic with an id the traffic never sent**');
    expect(tally(observe({ planned: new Map([['a', planned('a')]]), topicRecords: [logged('a-0')] })).notes).toEqual([]);
  });

  it('gives redeliveries as a share of the accepted events', () => {
    const counts = tally(observe({ attempts: { attempted: 2000, accepted: 2000, unavailable: 0, failed: 0 }, redeliveries: 2 }));
    expect(counts.redeliveryPercent).toBeCloseTo(0.1);
  });
});
