import { IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { IsIso8601DateTime } from '@streamline/schemas';

/** `order.cancelled.v1`: an order was cancelled before it shipped. Keyed by `orderId` on topic `orders`. */
export class OrderCancelledV1 {
  @IsUUID()
  orderId!: string;

  @IsString()
  @Length(1, 500)
  reason!: string;

  @IsIso8601DateTime({ message: 'cancelledAt must be an ISO 8601 date-time' })
  @MaxLength(40)
  cancelledAt!: string;
}
