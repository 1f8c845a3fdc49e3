import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope } from '@streamline/schemas';
import { EventHandler, HandlerContext } from '@streamline/kafka';
import { OrderPlacedV1 } from '@streamline/orders';
import { OrdersRepository } from '../read-model/orders.repository';
import { transactionOf } from './transaction-of';

/** Records a placed order in the read model. */
@Injectable()
export class OrderPlacedHandler {
  private readonly logger = new Logger(OrderPlacedHandler.name);

  constructor(private readonly orders: OrdersRepository) {}

  @EventHandler('order.placed.v1')
  async handle(event: EventEnvelope<OrderPlacedV1>, context: HandlerContext): Promise<void> {
    const { data } = event;
    const total = data.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
    await this.orders.place(
      transactionOf(context),
      {
        orderId: data.orderId,
        customerId: data.customerId,
        items: data.items.map((i) => ({ sku: i.sku, quantity: i.quantity, unitPrice: i.unitPrice })),
        currency: data.currency,
        total: Math.round(total * 100) / 100,
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
