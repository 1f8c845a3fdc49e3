import { randomUUID } from 'node:crypto';

const SKUS = ['BOOK-1', 'MUG-2', 'PEN-3', 'LAMP-4', 'DESK-5'];
const CURRENCIES = ['EUR', 'USD', 'GBP'];

/** Counts the demo shows on its live line. */
export interface TrafficCounts {
  sent: number;
  accepted: number;
  rejected: number;
  unavailable: number;
  failed: number;
  /** Accepted orders found in the consumer's read model, each counted once. */
  inReadModel: number;
}

/**
 * Posts sample `order.placed.v1` events to the producer at a steady rate and confirms each
 * accepted order in the consumer's read model (`GET /orders/:orderId`).
 */
export class SampleTraffic {
  readonly counts: TrafficCounts = { sent: 0, accepted: 0, rejected: 0, unavailable: 0, failed: 0, inReadModel: 0 };
  /** Accepted orders not yet seen in the read model, in the order they were accepted. */
  private readonly unconfirmed = new Set<string>();
  private confirming?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private confirmer?: NodeJS.Timeout;

  constructor(
    private readonly producerUrl: string,
    private readonly consumerUrl: string,
    private readonly rate: number,
  ) {}

  start(): void {
    const intervalMs = Math.max(1000 / this.rate, 10);
    const perTick = Math.max(1, Math.round((this.rate * intervalMs) / 1000));
    this.timer = setInterval(() => {
      for (let i = 0; i < perTick; i++) this.track(this.postOne());
    }, intervalMs);
    this.confirmer = setInterval(() => this.track(this.confirmOnce()), 500);
  }

  /** Stops posting and waits for the posts already under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.confirmer);
    await Promise.all(this.inFlight);
  }

  /** Keeps checking until every accepted order is in the read model, or the time is up. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.unconfirmed.size > 0 && Date.now() < deadline) {
      await this.confirmOnce();
      if (this.unconfirmed.size > 0) await new Promise((r) => setTimeout(r, 200));
    }
    return this.unconfirmed.size === 0;
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async postOne(): Promise<void> {
    const orderId = randomUUID();
    const seq = this.counts.sent++;
    const body = {
      specversion: '1.0',
      id: randomUUID(),
      source: '/demo',
      type: 'order.placed.v1',
      data: {
        orderId,
        customerId: `customer-${seq % 50}`,
        items: [{ sku: SKUS[seq % SKUS.length], quantity: 1 + (seq % 3), unitPrice: 4.5 + (seq % 7) }],
        currency: CURRENCIES[seq % CURRENCIES.length],
        placedAt: new Date().toISOString(),
      },
    };
    try {
      const response = await fetch(`${this.producerUrl}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/cloudevents+json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      if (response.status === 202) {
        this.counts.accepted++;
        this.unconfirmed.add(orderId);
      } else if (response.status === 503) this.counts.unavailable++;
      else if (response.status === 400) this.counts.rejected++;
      else this.counts.failed++;
    } catch {
      this.counts.failed++;
    }
  }

  /**
   * One round of confirmation at a time: two overlapping rounds took the same oldest ids and
   * counted each found order twice (`accepted 608  in read model 748`).
   */
  private confirmOnce(): Promise<void> {
    this.confirming ??= this.confirm().finally(() => (this.confirming = undefined));
    return this.confirming;
  }

  /**
   * Asks the read model for the oldest unconfirmed orders, 20 at a time, while it has them all.
   * Small rounds with a time bound: the consumer's embedded database serves reads between its
   * handlers' transactions, and a round of 100 reads on a busy machine took longer than the run.
   */
  private async confirm(): Promise<void> {
    for (;;) {
      const batch = [...this.unconfirmed].slice(0, 20);
      const found = await Promise.all(
        batch.map((id) =>
          fetch(`${this.consumerUrl}/orders/${id}`, { signal: AbortSignal.timeout(5000) }).then(
            async (r) => (await r.arrayBuffer(), r.status === 200),
            () => false,
          ),
        ),
      );
      batch.forEach((id, i) => {
        if (found[i] && this.unconfirmed.delete(id)) this.counts.inReadModel++;
      });
      if (batch.length === 0 || !found.every(Boolean)) return;
    }
  }
}
