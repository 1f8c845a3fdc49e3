import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { OrdersRepository, OrderStats, OrderView } from './orders.repository';

/** Read access to the orders read model. */
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersRepository) {}

  /** Orders per status. */
  @Get('stats')
  stats(): Promise<OrderStats> {
    return this.orders.stats();
  }

  @Get(':orderId')
  async get(@Param('orderId') orderId: string): Promise<OrderView> {
    const order = await this.orders.find(orderId);
    if (!order) throw new NotFoundException(`order ${orderId} is not known`);
    return order;
  }
}
