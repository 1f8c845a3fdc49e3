import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsDateTime } from '@streamline/schemas';
import { IsNestedObject } from '@streamline/schemas';
import { Money } from './money';

/** Why money went back. */
export const REFUND_REASONS = ['customer-request', 'order-cancelled', 'fraud', 'duplicate', 'other'] as const;

/** `payment.refunded.v1`: some or all of a payment went back to the customer. Keyed by `paymentId` on `payments`. */
export class PaymentRefundedV1 {
  @IsUUID()
  paymentId!: string;

  @IsUUID()
  orderId!: string;

  @IsUUID()
  refundId!: string;

  @IsNestedObject(() => Money)
  amount!: Money;

  @IsIn(REFUND_REASONS)
  reason!: (typeof REFUND_REASONS)[number];

  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  @IsDateTime()
  refundedAt!: string;
}
