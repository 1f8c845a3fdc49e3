import { IsInt, IsNumber, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsIso8601DateTime, IsNestedArray } from '@streamline/schemas';

/** One line of an order. */
export class OrderItem {
  @IsString()
  @Length(1, 64)
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(1000)
  quantity!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  unitPrice!: number;
}

/** `order.placed.v1`: a customer placed an order. Keyed by `orderId` on topic `orders`. */
export class OrderPlacedV1 {
  @IsUUID()
  orderId!: string;

  @IsString()
  @Length(1, 64)
  customerId!: string;

  @IsNestedArray(() => OrderItem, { min: 1, max: 100 })
  items!: OrderItem[];

  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code of three capital letters' })
  currency!: string;

  @IsIso8601DateTime({ message: 'placedAt must be an ISO 8601 date-time' })
  @MaxLength(40)
  placedAt!: string;
}
