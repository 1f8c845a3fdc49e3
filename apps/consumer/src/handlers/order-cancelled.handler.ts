import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope } from '@streamline/schemas';
import { EventHandler, HandlerContext } from '@streamline/kafka';
import { OrderCancelledV1 } from '@streamline/orders';
import { OrdersRepository } from '../read-model/orders.repository';
import { transactionOf } from './transaction-of';

/** Cancels an order that has not shipped; cancelling a shipped or cancelled order is an illegal state. */
@Injectable()
export class OrderCancelledHandler {
  private readonly logger = new Logger(OrderCancelledHandler.name);

  constructor(private readonly orders: OrdersRepository) {}

  @EventHandler('order.cancelled.v1')
  async handle(event: EventEnvelope<OrderCancelledV1>, context: HandlerContext): Promise<void> {
    const { orderId, reason, cancelledAt } = event.data;
    await this.orders.advance(transactionOf(context), orderId, 'cancelled', { reason, cancelledAt }, event.id);
    this.logger.debug({ eventId: event.id, type: event.type, orderId, partition: context.partition, offset: context.offset, msg: 'order cancelled' });
  }
}
