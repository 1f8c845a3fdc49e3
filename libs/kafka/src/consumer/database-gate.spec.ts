import { DatabaseGate } from './database-gate';

function quietLog() {
  const lines: string[] = [];
  return { lines, warn: (m: string) => lines.push(`warn ${m}`), log: (m: string) => lines.push(`log ${m}`) };
}

describe('DatabaseGate', () => {
  it('is open, and answers at once, while nothing reported the database down', async () => {
    const gate = new DatabaseGate({ query: async () => undefined }, quietLog());
    expect(gate.available).toBe(true);
    expect(gate.down).toBeUndefined();
    await expect(gate.whenOpen()).resolves.toBeUndefined();
  });

  it('holds waiters until a ping succeeds, says so once each way, and opens again', async () => {
    let answers = false;
    let pings = 0;
    const log = quietLog();
    const gate = new DatabaseGate({ query: async () => (pings++, answers ? undefined : Promise.reject(new Error('ECONNREFUSED'))) }, log, {
      probeIntervalMs: 5,
      maxProbeIntervalMs: 10,
    });
    gate.reportDown(new Error('Connection terminated unexpectedly'));
    gate.reportDown(new Error('reported twice'));
    expect(gate.available).toBe(false);
    expect(gate.down?.reason).toBe('Connection terminated unexpectedly');
    let released = false;
    const waiting = gate.whenOpen().then(() => (released = true));
    // Until a second failed ping (on a busy machine 60 ms once held a single one): the waiter is still held.
    for (const started = Date.now(); pings < 2 && Date.now() - started < 10_000;) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(pings).toBeGreaterThan(1);
    expect(released).toBe(false);
    answers = true;
    await waiting;
    expect(gate.available).toBe(true);
    expect(log.lines).toHaveLength(2);
    expect(log.lines[0]).toMatch(/^warn database unreachable \(Connection terminated unexpectedly\)/);
    expect(log.lines[1]).toMatch(/^log database answers again after/);
  });

  it('lets waiters go when stopped, so shutdown never waits on an outage', async () => {
    const gate = new DatabaseGate({ query: () => Promise.reject(new Error('down')) }, quietLog(), { probeIntervalMs: 5 });
    gate.reportDown(new Error('down'));
    const waiting = gate.whenOpen();
    gate.stop();
    await expect(waiting).resolves.toBeUndefined();
  });
});
