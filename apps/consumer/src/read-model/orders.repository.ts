import { Injectable } from '@nestjs/common';
import { OrderItem } from '@streamline/schemas';

/** An order as the read model keeps it. */
export interface OrderView {
  orderId: string;
  customerId: string;
  status: 'placed';
  items: OrderItem[];
  currency: string;
  total: number;
  placedAt: string;
  /** Ids of the events applied to this order, in the order they were applied. */
  appliedEvents: string[];
}

/** The orders read model. */
@Injectable()
export class OrdersRepository {
  private readonly orders = new Map<string, OrderView>();

  find(orderId: string): OrderView | undefined {
    return this.orders.get(orderId);
  }

  save(order: OrderView): void {
    this.orders.set(order.orderId, order);
  }

  count(): number {
    return this.orders.size;
  }
}
