import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { OrdersRepository, OrderView } from './orders.repository';

/** Read access to the orders read model. */
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersRepository) {}

  @Get(':orderId')
  get(@Param('orderId') orderId: string): OrderView {
    const order = this.orders.find(orderId);
    if (!order) throw new NotFoundException(`order ${orderId} is not known`);
    return order;
  }
}
