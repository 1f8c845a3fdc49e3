import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope } from '@streamline/schemas';
import { EventHandler, HandlerContext } from '@streamline/kafka';
import { OrderPaidV1 } from '@streamline/orders';
import { OrdersRepository } from '../read-model/orders.repository';
import { transactionOf } from './transaction-of';

/** Marks a placed order paid; paying an order that is not placed is an illegal state. */
@Injectable()
export class OrderPaidHandler {
  private readonly logger = new Logger(OrderPaidHandler.name);

  constructor(private readonly orders: OrdersRepository) {}

  @EventHandler('order.paid.v1')
  async handle(event: EventEnvelope<OrderPaidV1>, context: HandlerContext): Promise<void> {
    const { orderId, paymentId, amount, currency, paidAt } = event.data;
    await this.orders.advance(transactionOf(context), orderId, 'paid', { paymentId, amount, currency, paidAt }, event.id);
    this.logger.debug({ eventId: event.id, type: event.type, orderId, partition: context.partition, offset: context.offset, msg: 'order paid' });
  }
}
