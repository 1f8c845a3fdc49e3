import { IsIn, IsString, IsUUID, Length } from 'class-validator';
import { IsDateTime } from '@streamline/schemas';
import { IsNestedObject } from '@streamline/schemas';
import { Money } from './money';

/** Why a payment was declined, as the provider reports it. */
export const PAYMENT_FAILURE_CODES = ['insufficient-funds', 'card-declined', 'expired-card', 'fraud-suspected', 'provider-error'] as const;

/** `payment.failed.v1`: the provider declined the payment. Keyed by `paymentId` on `payments`. */
export class PaymentFailedV1 {
  @IsUUID()
  paymentId!: string;

  @IsUUID()
  orderId!: string;

  @IsNestedObject(() => Money)
  amount!: Money;

  @IsIn(PAYMENT_FAILURE_CODES)
  code!: (typeof PAYMENT_FAILURE_CODES)[number];

  @IsString()
  @Length(1, 500)
  message!: string;

  @IsDateTime()
  failedAt!: string;
}
