import { OrderPlacedV1 } from './order-placed.v1';
import { OrderPlacedV2 } from './order-placed.v2';

/** Minor units per major unit; ISO 4217 currencies without cents (JPY, KRW, …) have none. */
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);

/**
 * `order.placed.v1` data as `order.placed.v2`: prices become integer minor units of the
 * order's currency, the customer id a customer of tier `standard` (v1 knew no tiers), and the
 * channel `web` (v1 orders all came through the web checkout). A `placedAt` without an offset,
 * which v1 allowed, is read as UTC, as v1 producers wrote it.
 */
export function upcastOrderPlacedV1(v1: OrderPlacedV1): Omit<OrderPlacedV2, never> {
  const scale = ZERO_DECIMAL.has(v1.currency) ? 1 : 100;
  const money = (amount: number) => ({ amountMinor: Math.round(amount * scale), currency: v1.currency });
  const lines = v1.items.map((item) => ({ sku: item.sku, quantity: item.quantity, unitPrice: money(item.unitPrice) }));
  const total = lines.reduce((sum, line) => sum + line.unitPrice.amountMinor * line.quantity, 0);
  const hasOffset = /(?:[Zz]|[+-]\d{2}:\d{2})$/.test(v1.placedAt) && v1.placedAt.includes('T');
  return {
    orderId: v1.orderId,
    customer: { id: v1.customerId, tier: 'standard' },
    lines,
    total: { amountMinor: total, currency: v1.currency },
    channel: 'web',
    placedAt: hasOffset ? v1.placedAt : `${v1.placedAt}Z`,
  } as OrderPlacedV2;
}
