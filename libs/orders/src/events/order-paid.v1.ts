import { IsNumber, IsString, IsUUID, Length, Matches, MaxLength, Min } from 'class-validator';
import { IsIso8601DateTime } from '@streamline/schemas';

/** `order.paid.v1`: an order's payment was captured. Keyed by `orderId` on topic `orders`. */
export class OrderPaidV1 {
  @IsUUID()
  orderId!: string;

  /** The payment provider's reference. */
  @IsString()
  @Length(1, 128)
  paymentId!: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  amount!: number;

  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code of three capital letters' })
  currency!: string;

  @IsIso8601DateTime({ message: 'paidAt must be an ISO 8601 date-time' })
  @MaxLength(40)
  paidAt!: string;
}
