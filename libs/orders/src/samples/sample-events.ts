import { randomBytes } from 'node:crypto';
import { NewEvent } from '@streamline/schemas';
import { orderRegistry } from '../order-registry';
import { SAMPLE_CANCEL_REASONS, SAMPLE_CARRIERS, SAMPLE_CURRENCIES, SAMPLE_PAYMENT_FAILURES, SAMPLE_PRODUCTS } from './sample-catalog';
import { SeededRandom } from './seeded-random';

/** Options of {@link SampleEventGenerator}. */
export interface SampleOptions {
  /** Same seed, same events (ids, keys, data, times). Default: a random seed. */
  seed?: number | string;
  /** Time of the first event. Default: 2026-01-01T00:00:00Z when seeded (so runs repeat), else now. */
  start?: Date;
  /** Mean gap between two events' times. Default: 1 s. */
  meanGapMs?: number;
  /** CloudEvents source of the events. Default: `/streamline/samples`. */
  source?: string;
  /** How many customers orders come from. Default: 500. */
  customers?: number;
}

/** Data of one event type, drawn for an order that the generator keeps track of. */
type SampleData = (random: SeededRandom, order: SampleOrder, at: string) => object;

/** What the generator remembers of an order, so later events of that order agree with it. */
interface SampleOrder {
  orderId: string;
  currency: string;
  total: number;
  paymentId?: string;
}

const minor = (amount: number) => Math.round(amount * 100);
const money = (amountMinor: number, currency: string) => ({ amountMinor, currency });

function drawLines(random: SeededRandom): { sku: string; quantity: number; unitPrice: number }[] {
  const lines = random.int(1, random.chance(0.8) ? 2 : 6);
  return Array.from({ length: lines }, () => {
    const product = random.pick(SAMPLE_PRODUCTS);
    return { sku: product.sku, quantity: random.chance(0.7) ? 1 : random.int(2, 5), unitPrice: product.unitPrice };
  });
}

function paymentOf(random: SeededRandom, order: SampleOrder): { paymentId: string; orderId: string; amount: { amountMinor: number; currency: string } } {
  order.paymentId ??= random.uuid();
  return { paymentId: order.paymentId, orderId: order.orderId, amount: money(minor(order.total || random.int(500, 25_000) / 100), order.currency) };
}

const GENERATORS: Record<string, SampleData> = {
  'order.placed.v1': (random, order, at) => {
    const items = drawLines(random);
    order.total = Math.round(items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0) * 100) / 100;
    return { orderId: order.orderId, customerId: '', items, currency: order.currency, placedAt: at };
  },
  'order.placed.v2': (random, order, at) => {
    const lines = drawLines(random).map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: money(minor(l.unitPrice), order.currency) }));
    const totalMinor = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice.amountMinor, 0);
    order.total = totalMinor / 100;
    const tier = random.chance(0.75) ? 'standard' : random.chance(0.7) ? 'silver' : 'gold';
    const customer = { id: '', tier, ...(random.chance(0.6) ? { email: `shopper${random.int(1, 99_999)}@example.org` } : {}) };
    return {
      orderId: order.orderId,
      customer,
      lines,
      total: money(totalMinor, order.currency),
      channel: random.pick(['web', 'web', 'mobile', 'mobile', 'store', 'phone', 'partner']),
      placedAt: at,
    };
  },
  'order.paid.v1': (random, order, at) => ({
    orderId: order.orderId,
    paymentId: `pay_${random.uuid().replace(/-/g, '').slice(0, 24)}`,
    amount: order.total || random.int(500, 25_000) / 100,
    currency: order.currency,
    paidAt: at,
  }),
  'order.shipped.v1': (random, order, at) => ({
    orderId: order.orderId,
    carrier: random.pick(SAMPLE_CARRIERS),
    trackingNumber: `${random.int(10, 99)}${random.uuid().replace(/-/g, '').slice(0, 14).toUpperCase()}`,
    shippedAt: at,
  }),
  'order.cancelled.v1': (random, order, at) => ({ orderId: order.orderId, reason: random.pick(SAMPLE_CANCEL_REASONS), cancelledAt: at }),
  'payment.authorized.v1': (random, order, at) => {
    const method = random.chance(0.75) ? 'card' : random.pick(['bank-transfer', 'wallet']);
    const card =
      method === 'card'
        ? { card: { brand: random.pick(['visa', 'visa', 'mastercard', 'amex', 'other']), last4: String(random.int(0, 9999)).padStart(4, '0') } }
        : {};
    return { ...paymentOf(random, order), method, ...card, authorizedAt: at };
  },
  'payment.failed.v1': (random, order, at) => {
    const [code, message] = random.pick(SAMPLE_PAYMENT_FAILURES);
    return { ...paymentOf(random, order), code, message, failedAt: at };
  },
  'payment.refunded.v1': (random, order, at) => ({
    ...paymentOf(random, order),
    refundId: random.uuid(),
    reason: random.pick(['customer-request', 'customer-request', 'order-cancelled', 'duplicate', 'fraud', 'other']),
    ...(random.chance(0.3) ? { note: 'refunded by customer service' } : {}),
    refundedAt: at,
  }),
};

/** Event types the generator can draw. */
export function sampleEventTypes(): string[] {
  return orderRegistry.types().filter((type) => type in GENERATORS);
}

/**
 * Draws realistic, schema-valid events: orders from a pool of customers with products from a
 * catalog, in plausible currencies, at times that advance by random gaps. `next(type)` draws one
 * event of a type; `nextInStory()` draws the next step of an order's life (placed → paid →
 * shipped, or cancelled), several orders interleaved, so a stream keeps each order's events in order.
 */
export class SampleEventGenerator {
  private readonly random: SeededRandom;
  private readonly source: string;
  private readonly meanGapMs: number;
  private readonly customers: number;
  private clock: number;
  private readonly open: (SampleOrder & { step: number })[] = [];

  constructor(options: SampleOptions = {}) {
    const seeded = options.seed !== undefined;
    this.random = new SeededRandom(options.seed ?? randomBytes(8).toString('hex'));
    this.clock = (options.start ?? (seeded ? new Date(Date.UTC(2026, 0, 1)) : new Date())).getTime();
    this.meanGapMs = options.meanGapMs ?? 1000;
    this.source = options.source ?? '/streamline/samples';
    this.customers = options.customers ?? 500;
  }

  /** One event of the given type, about a new order. */
  next(type: string): NewEvent {
    if (!(type in GENERATORS)) {
      throw new Error(`no sample generator for event type "${type}"; known: ${sampleEventTypes().join(', ')}`);
    }
    return this.draw(type, this.newOrder());
  }

  /** The next event of a stream of order stories. */
  nextInStory(): NewEvent {
    if (this.open.length < 20 || this.random.chance(0.3)) {
      const order = { ...this.newOrder(), step: 0 };
      this.open.push(order);
      return this.draw('order.placed.v1', order);
    }
    const index = this.random.int(0, this.open.length - 1);
    const order = this.open[index];
    const type = order.step === 0 ? (this.random.chance(0.9) ? 'order.paid.v1' : 'order.cancelled.v1') : 'order.shipped.v1';
    order.step++;
    if (type !== 'order.paid.v1') this.open.splice(index, 1);
    return this.draw(type, order);
  }

  private newOrder(): SampleOrder {
    return { orderId: this.random.uuid(), currency: this.random.pick(SAMPLE_CURRENCIES), total: 0 };
  }

  private draw(type: string, order: SampleOrder): NewEvent {
    this.clock += Math.round(-Math.log(1 - this.random.next()) * this.meanGapMs);
    const at = new Date(this.clock).toISOString();
    const data = GENERATORS[type](this.random, order, at) as Record<string, unknown>;
    const customerId = `cus_${String(this.random.int(1, this.customers)).padStart(5, '0')}`;
    if ('customerId' in data) data.customerId = customerId;
    if (typeof data.customer === 'object' && data.customer !== null) (data.customer as { id: string }).id = customerId;
    return { type, source: this.source, id: this.random.uuid(), time: at, data };
  }
}

/** `count` events of one type (or order stories when type is omitted), drawn with the given options. */
export function sampleEvents(count: number, type?: string, options: SampleOptions = {}): NewEvent[] {
  const generator = new SampleEventGenerator(options);
  return Array.from({ length: count }, () => (type ? generator.next(type) : generator.nextInStory()));
}
