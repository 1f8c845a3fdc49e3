import { IsISO8601, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';

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

  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/T/, { message: 'shippedAt must be an ISO 8601 date-time' })
  @MaxLength(40)
  shippedAt!: string;
}
