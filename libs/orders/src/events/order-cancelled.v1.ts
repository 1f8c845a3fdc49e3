import { IsISO8601, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';

/** `order.cancelled.v1`: an order was cancelled before it shipped. Keyed by `orderId` on topic `orders`. */
export class OrderCancelledV1 {
  @IsUUID()
  orderId!: string;

  @IsString()
  @Length(1, 500)
  reason!: string;

  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/T/, { message: 'cancelledAt must be an ISO 8601 date-time' })
  @MaxLength(40)
  cancelledAt!: string;
}
