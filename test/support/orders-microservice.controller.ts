import { CanActivate, Controller, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { StreamlineRpcContext } from '@streamline/kafka/transport';

// The "after" example of docs/migrating-from-nestjs-microservices.md, run by
// test/microservices-transport.e2e-spec.ts on StreamlineServer.

interface OrderPlaced {
  orderId: string;
  customerId: string;
  items: { sku: string; quantity: number; unitPrice: number }[];
}

interface OrderCancelled {
  orderId: string;
  reason: string;
}

/** What the service knows of its orders (a database in a real service). */
@Injectable()
export class OrderBook {
  readonly placed = new Map<string, { sku: string; key: string | null; attempt: number }[]>();
  readonly cancellations = new Map<string, number>();
}

/** Orders under a fraud hold are not cancelled by request. */
@Injectable()
export class NoCancellingOnHold implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToRpc().getData<OrderCancelled>().reason !== 'fraud hold';
  }
}

@Controller()
export class OrdersController {
  constructor(private readonly book: OrderBook) {}

  @EventPattern('order.placed.v1')
  placed(@Payload() order: OrderPlaced, @Ctx() context: StreamlineRpcContext): void {
    const seen = this.book.placed.get(order.orderId) ?? [];
    seen.push({ sku: order.items[0].sku, key: context.getKey(), attempt: context.getAttempt() });
    this.book.placed.set(order.orderId, seen);
  }

  @MessagePattern('order.cancelled.v1')
  @UseGuards(NoCancellingOnHold)
  cancel(@Payload() request: OrderCancelled): { orderId: string; cancelled: boolean; linesSeen: number } {
    this.book.cancellations.set(request.orderId, (this.book.cancellations.get(request.orderId) ?? 0) + 1);
    const placed = this.book.placed.get(request.orderId) ?? [];
    return { orderId: request.orderId, cancelled: placed.length > 0, linesSeen: placed.length };
  }
}
