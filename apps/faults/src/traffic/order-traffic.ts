import { randomUUID } from 'node:crypto';
import { request } from 'node:http';

/** One event the traffic will post: an order's step, with its CloudEvent id fixed across retries. */
export interface PlannedEvent {
  id: string;
  orderId: string;
  /** 0 placed, 1 paid, 2 shipped. */
  step: number;
  body: object;
}

/** An event the producer answered 202 for, and when. */
export interface AcceptedEvent {
  id: string;
  orderId: string;
  step: number;
  acceptedAt: number;
  /** How long the 202 took, in ms. */
  tookMs: number;
}

/** Answers the traffic got, one per HTTP attempt. */
export interface AttemptCounts {
  attempted: number;
  accepted: number;
  unavailable: number;
  failed: number;
}

interface Order {
  events: PlannedEvent[];
  next: number;
  /** When the next step may be posted (after the previous one's 202, or after a failed attempt). */
  dueAt: number;
}

const STEP_GAP_MS = 100;
const RETRY_AFTER_MS = 1000;
// Long enough that a producer starved of CPU on a busy machine is not counted as one that failed.
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_IN_FLIGHT = 256;

/**
 * Orders posted to the producer at a fixed rate of HTTP attempts, each order placed → paid →
 * shipped, the next step only after the previous one was accepted, the way a checkout
 * service would. A 503 or a lost answer is retried later with the same event id (the
 * producer's dedup window makes that safe), so a sequence never skips a step.
 */
export class OrderTraffic {
  readonly counts: AttemptCounts = { attempted: 0, accepted: 0, unavailable: 0, failed: 0 };
  /** Attempts by answer: the HTTP status, or the error's name when there was no answer. */
  readonly answers = new Map<string, number>();
  readonly accepted: AcceptedEvent[] = [];
  /** Every order's planned events, by order id, for the order check. */
  readonly orders = new Map<string, PlannedEvent[]>();
  private readonly waiting: Order[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private started = 0;
  private seq = 0;
  private stopping = false;

  constructor(
    private readonly producerUrl: () => string,
    private readonly eventsPerSecond: number,
  ) {}

  start(): void {
    this.started = Date.now();
    this.timer = setInterval(() => this.tick(), 20);
  }

  /** Stops posting and waits for the attempts under way. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await Promise.all(this.inFlight);
  }

  private tick(): void {
    const due = Math.floor(((Date.now() - this.started) / 1000) * this.eventsPerSecond);
    while (this.counts.attempted < due && this.inFlight.size < MAX_IN_FLIGHT) {
      const order = this.nextOrder();
      const attempt = this.post(order);
      this.inFlight.add(attempt);
      void attempt.finally(() => this.inFlight.delete(attempt));
    }
    // Attempts beyond the in-flight bound are dropped, not queued: the rate is of attempts made.
    if (this.counts.attempted < due) this.started += ((due - this.counts.attempted) / this.eventsPerSecond) * 1000;
  }

  private nextOrder(): Order {
    const now = Date.now();
    const index = this.waiting.findIndex((o) => o.dueAt <= now);
    if (index >= 0) return this.waiting.splice(index, 1)[0]!;
    const events = plannedOrder(randomUUID(), this.seq++);
    this.orders.set(events[0]!.orderId, events);
    return { events, next: 0, dueAt: now };
  }

  private async post(order: Order): Promise<void> {
    const event = order.events[order.next]!;
    this.counts.attempted++;
    let status = 0;
    let answer: string;
    const sent = Date.now();
    try {
      status = await postJson(`${this.producerUrl()}/events`, event.body);
      answer = String(status);
    } catch (error) {
      status = 0;
      answer = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    }
    this.answers.set(answer, (this.answers.get(answer) ?? 0) + 1);
    if (status === 202) {
      this.counts.accepted++;
      const acceptedAt = Date.now();
      this.accepted.push({ id: event.id, orderId: event.orderId, step: event.step, acceptedAt, tookMs: acceptedAt - sent });
      order.next++;
      order.dueAt = Date.now() + STEP_GAP_MS;
    } else {
      if (status === 503) this.counts.unavailable++;
      else this.counts.failed++;
      order.dueAt = Date.now() + RETRY_AFTER_MS;
    }
    if (order.next < order.events.length && !this.stopping) this.waiting.push(order);
  }
}

/**
 * One POST on a connection of its own: a pooled keep-alive connection that the server closes as
 * idle just when a request goes out on it fails with a reset the producer never saw, which would
 * be counted against it.
 */
function postJson(url: string, body: object): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/cloudevents+json', 'content-length': payload.length, connection: 'close' },
      timeout: REQUEST_TIMEOUT_MS,
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer in time'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    req.end(payload);
  });
}

/** An order's three events as CloudEvents (structured mode), valid against the registry's schemas. */
export function plannedOrder(orderId: string, seq: number): PlannedEvent[] {
  const at = new Date().toISOString();
  const data = [
    {
      type: 'order.placed.v1',
      data: {
        orderId,
        customerId: `customer-${seq % 50}`,
        items: [{ sku: `SKU-${seq % 20}`, quantity: 1 + (seq % 3), unitPrice: 10 }],
        currency: 'EUR',
        placedAt: at,
      },
    },
    { type: 'order.paid.v1', data: { orderId, paymentId: `pay-${orderId.slice(0, 8)}`, amount: 10 * (1 + (seq % 3)), currency: 'EUR', paidAt: at } },
    { type: 'order.shipped.v1', data: { orderId, carrier: 'DHL', trackingNumber: `T-${orderId.slice(0, 8)}`, shippedAt: at } },
  ];
  return data.map((d, step) => {
    const id = randomUUID();
    return { id, orderId, step, body: { specversion: '1.0', id, source: '/faults', type: d.type, data: d.data } };
  });
}
