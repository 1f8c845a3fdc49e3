import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope } from '@streamline/schemas';
import { EventHandler, HandlerContext } from '@streamline/kafka';
import { OrderShippedV1 } from '@streamline/orders';
import { OrdersRepository } from '../read-model/orders.repository';
import { transactionOf } from './transaction-of';

/** Marks a paid order shipped; shipping before payment is an illegal state. */
@Injectable()
export class OrderShippedHandler {
  private readonly logger = new Logger(OrderShippedHandler.name);

  constructor(private readonly orders: OrdersRepository) {}

  @EventHandler('order.shipped.v1')
  async handle(event: EventEnvelope<OrderShippedV1>, context: HandlerContext): Promise<void> {
    const { orderId, carrier, trackingNumber, shippedAt } = event.data;
    await this.orders.advance(transactionOf(context), orderId, 'shipped', { carrier, trackingNumber, shippedAt }, event.id);
    this.logger.debug({ eventId: event.id, type: event.type, orderId, partition: context.partition, offset: context.offset, msg: 'order shipped' });
  }
}
