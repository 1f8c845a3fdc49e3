import { Injectable, OnModuleInit } from '@nestjs/common';
import { Database, SqlExecutor } from '@streamline/kafka';
import { OrderItem } from '@streamline/orders';

import { ConsumerConfig } from '../consumer.config';
import { InjectDatabase } from '../database/database.provider';
import { nextStatus, OrderStatus, OrderTransition } from './order-lifecycle';

/** An order as the read model keeps it. */
export interface OrderView {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  items: OrderItem[];
  currency: string;
  /** Sum of quantity × unit price, rounded to cents. */
  total: number;
  placedAt: string;
  payment?: { paymentId: string; amount: number; currency: string; paidAt: string };
  shipment?: { carrier: string; trackingNumber: string; shippedAt: string };
  cancellation?: { reason: string; cancelledAt: string };
  /** Ids of the events applied to this order, in the order they were applied. */
  appliedEvents: string[];
  /** When the last event was applied. */
  updatedAt: string;
}

/** Orders per status, and all of them. */
export type OrderStats = Record<OrderStatus, number> & { total: number };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS orders (
  order_id text PRIMARY KEY,
  customer_id text NOT NULL,
  status text NOT NULL,
  currency text NOT NULL,
  items jsonb NOT NULL,
  total numeric(18, 2) NOT NULL,
  placed_at text NOT NULL,
  payment jsonb,
  shipment jsonb,
  cancellation jsonb,
  applied_events jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS orders_status ON orders (status);
`;

interface OrderRow {
  order_id: string;
  customer_id: string;
  status: OrderStatus;
  currency: string;
  items: OrderItem[] | string;
  total: string | number;
  placed_at: string;
  payment: OrderView['payment'] | string | null;
  shipment: OrderView['shipment'] | string | null;
  cancellation: OrderView['cancellation'] | string | null;
  applied_events: string[] | string;
  updated_at: Date | string;
}

/**
 * The orders read model, in the service's database. Writes go through the transaction of the
 * event being handled, so an effect commits together with the event's id.
 */
@Injectable()
export class OrdersRepository implements OnModuleInit {
  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly config: ConsumerConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.db.exec(SCHEMA);
  }

  async find(orderId: string, sql: SqlExecutor = this.db): Promise<OrderView | undefined> {
    const { rows } = await sql.query<OrderRow>('SELECT * FROM orders WHERE order_id = $1', [orderId]);
    return rows[0] ? toView(rows[0]) : undefined;
  }

  async stats(): Promise<OrderStats> {
    const { rows } = await this.db.query<{ status: OrderStatus; count: string | number }>('SELECT status, count(*) AS count FROM orders GROUP BY status');
    const stats: OrderStats = { placed: 0, paid: 0, shipped: 0, cancelled: 0, total: 0 };
    for (const row of rows) {
      stats[row.status] = Number(row.count);
      stats.total += Number(row.count);
    }
    return stats;
  }

  /** Places (or re-places) an order. */
  async place(tx: SqlExecutor, order: Omit<OrderView, 'status' | 'appliedEvents' | 'updatedAt'>, eventId: string): Promise<void> {
    const current = await this.lock(tx, order.orderId);
    nextStatus(order.orderId, current?.status, 'placed');
    await tx.query(
      `INSERT INTO orders (order_id, customer_id, status, currency, items, total, placed_at, applied_events)
       VALUES ($1, $2, 'placed', $3, $4, $5, $6, $7)
       ON CONFLICT (order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, currency = EXCLUDED.currency, items = EXCLUDED.items,
         total = EXCLUDED.total, placed_at = EXCLUDED.placed_at, applied_events = orders.applied_events || EXCLUDED.applied_events, updated_at = now()`,
      [order.orderId, order.customerId, order.currency, JSON.stringify(order.items), order.total, order.placedAt, JSON.stringify([eventId])],
    );
  }

  /** Moves a known order on (paid, shipped, cancelled), recording the event's details in `column`. */
  async advance(tx: SqlExecutor, orderId: string, transition: Exclude<OrderTransition, 'placed'>, details: object, eventId: string): Promise<void> {
    const current = await this.lock(tx, orderId);
    const status = nextStatus(orderId, current?.status, transition);
    const column = { paid: 'payment', shipped: 'shipment', cancelled: 'cancellation' }[transition];
    await tx.query(`UPDATE orders SET status = $2, ${column} = $3, applied_events = applied_events || $4::jsonb, updated_at = now() WHERE order_id = $1`, [
      orderId,
      status,
      JSON.stringify(details),
      JSON.stringify([eventId]),
    ]);
  }

  /** Locks the order's row for this transaction; waits at most DATABASE_LOCK_TIMEOUT_MS (then a retriable error). */
  private async lock(tx: SqlExecutor, orderId: string): Promise<{ status: OrderStatus } | undefined> {
    await tx.query(`SET LOCAL lock_timeout = ${Math.trunc(this.config.DATABASE_LOCK_TIMEOUT_MS)}`);
    const { rows } = await tx.query<{ status: OrderStatus }>('SELECT status FROM orders WHERE order_id = $1 FOR UPDATE', [orderId]);
    return rows[0];
  }
}

function json<T>(value: T | string | null): T | undefined {
  if (value === null) return undefined;
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

function toView(row: OrderRow): OrderView {
  return {
    orderId: row.order_id,
    customerId: row.customer_id,
    status: row.status,
    items: json(row.items)!,
    currency: row.currency,
    total: Number(row.total),
    placedAt: row.placed_at,
    ...(row.payment ? { payment: json(row.payment) } : {}),
    ...(row.shipment ? { shipment: json(row.shipment) } : {}),
    ...(row.cancellation ? { cancellation: json(row.cancellation) } : {}),
    appliedEvents: json(row.applied_events)!,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
