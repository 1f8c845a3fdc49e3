import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { IsDateTime } from '@streamline/schemas';
import { IsNestedObject } from '@streamline/schemas';
import { Money } from './money';

/** How a payment was made. */
export const PAYMENT_METHODS = ['card', 'bank-transfer', 'wallet'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Card networks. */
export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'other'] as const;

/** The card of a card payment, never more than what a receipt shows. */
export class PaymentCard {
  @IsIn(CARD_BRANDS)
  brand!: (typeof CARD_BRANDS)[number];

  @Matches(/^\d{4}$/, { message: 'last4 must be the last four digits of the card number' })
  last4!: string;
}

/** `payment.authorized.v1`: the payment provider reserved the amount. Keyed by `paymentId` on `payments`. */
export class PaymentAuthorizedV1 {
  @IsUUID()
  paymentId!: string;

  @IsUUID()
  orderId!: string;

  @IsNestedObject(() => Money)
  amount!: Money;

  @IsIn(PAYMENT_METHODS)
  method!: PaymentMethod;

  /** Present for card payments. */
  @IsOptional()
  @IsNestedObject(() => PaymentCard)
  card?: PaymentCard;

  @IsDateTime()
  authorizedAt!: string;
}
