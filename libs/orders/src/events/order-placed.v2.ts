import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { IsDateTime, IsEmailAddress } from '@streamline/schemas';
import { IsNestedArray, IsNestedObject } from '@streamline/schemas';
import { Money } from './money';

/** Sales channels an order can come from. */
export const ORDER_CHANNELS = ['web', 'mobile', 'store', 'phone', 'partner'] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];

/** Loyalty tiers of a customer. */
export const CUSTOMER_TIERS = ['standard', 'silver', 'gold'] as const;

/** Who placed the order. */
export class OrderCustomerV2 {
  @IsString()
  @Length(1, 64)
  id!: string;

  /** Internationalised addresses (RFC 6531) included; `null` is taken for no address, as ever. */
  @IsOptional()
  @IsEmailAddress()
  @MaxLength(254)
  email?: string;

  @IsIn(CUSTOMER_TIERS)
  tier!: (typeof CUSTOMER_TIERS)[number];
}

/** One line of a v2 order: prices in minor units. */
export class OrderLineV2 {
  @IsString()
  @Length(1, 64)
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(1000)
  quantity!: number;

  @IsNestedObject(() => Money)
  unitPrice!: Money;
}

/**
 * `order.placed.v2`: a customer placed an order. Incompatible with v1: the customer is an
 * object, prices are integer minor units with their currency, the total and the channel are
 * stated, and `placedAt` must carry an offset. Keyed by `orderId` on topic `orders`.
 */
export class OrderPlacedV2 {
  @IsUUID()
  orderId!: string;

  @IsNestedObject(() => OrderCustomerV2)
  customer!: OrderCustomerV2;

  @IsNestedArray(() => OrderLineV2, { min: 1, max: 100 })
  lines!: OrderLineV2[];

  @IsNestedObject(() => Money)
  total!: Money;

  @IsIn(ORDER_CHANNELS)
  channel!: OrderChannel;

  @IsDateTime()
  placedAt!: string;
}
