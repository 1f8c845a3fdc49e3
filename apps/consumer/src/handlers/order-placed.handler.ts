import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope, OrderPlacedV1 } from '@streamline/schemas';
import { EventHandler, HandlerContext } from '@streamline/kafka';
import { OrdersRepository } from '../read-model/orders.repository';

/** Records a placed order in the read model. */
@Injectable()
export class OrderPlacedHandler {
  private readonly logger = new Logger(OrderPlacedHandler.name);

  constructor(private readonly orders: OrdersRepository) {}

  @EventHandler('order.placed.v1')
  async handle(event: EventEnvelope<OrderPlacedV1>, context: HandlerContext): Promise<void> {
    const { data } = event;
    const existing = this.orders.find(data.orderId);
    const total = data.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
    this.orders.save({
      orderId: data.orderId,
      customerId: data.customerId,
      status: 'placed',
      items: data.items,
      currency: data.currency,
      total: Math.round(total * 100) / 100,
      placedAt: data.placedAt,
      appliedEvents: [...(existing?.appliedEvents ?? []), event.id],
    });
    this.logger.debug({ eventId: event.id, type: event.type, partition: context.partition, offset: context.offset }, 'handled');
  }
}
