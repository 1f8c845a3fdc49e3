import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope } from '@streamline/schemas';
import { EventHandler, HandlerContext } from '@streamline/kafka';
import { OrderPlacedV2 } from '@streamline/orders';
import { OrdersRepository } from '../read-model/orders.repository';
import { transactionOf } from './transaction-of';

/** Records an order placed in the v2 shape (prices in minor units) in the same read model as v1. */
@Injectable()
export class OrderPlacedV2Handler {
  private readonly logger = new Logger(OrderPlacedV2Handler.name);

  constructor(private readonly orders: OrdersRepository) {}

  @EventHandler('order.placed.v2')
  async handle(event: EventEnvelope<OrderPlacedV2>, context: HandlerContext): Promise<void> {
    const { data } = event;
    await this.orders.place(
      transactionOf(context),
      {
        orderId: data.orderId,
        customerId: data.customer.id,
        items: data.lines.map((line) => ({ sku: line.sku, quantity: line.quantity, unitPrice: line.unitPrice.amountMinor / 100 })),
        currency: data.total.currency,
        total: data.total.amountMinor / 100,
        placedAt: data.placedAt,
      },
      event.id,
    );
    this.logger.debug({
      eventId: event.id,
      type: event.type,
      orderId: data.orderId,
      partition: context.partition,
      offset: context.offset,
      msg: 'order placed',
    });
  }
}
