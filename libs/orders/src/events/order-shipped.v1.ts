import { IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { IsIso8601DateTime } from '@streamline/schemas';

/** `order.shipped.v1`: a paid order left the warehouse. Keyed by `orderId` on topic `orders`. */
export class OrderShippedV1 {
  @IsUUID()
  orderId!: string;

  @IsString()
  @Length(1, 64)
  carrier!: string;

  @IsString()
  @Length(1, 128)
  trackingNumber!: string;

  @IsIso8601DateTime({ message: 'shippedAt must be an ISO 8601 date-time' })
  @MaxLength(40)
  shippedAt!: string;
}
