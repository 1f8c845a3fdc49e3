import { IsInt, IsISO4217CurrencyCode, IsISO8601, IsString, Matches, Min } from 'class-validator';

/** The data of `invoice.issued.v1`: an event type of this service's own. */
export class InvoiceIssuedV1 {
  @Matches(/^INV-\d+$/)
  invoiceId!: string;

  @IsString()
  customerId!: string;

  @IsInt()
  @Min(0)
  amountMinor!: number;

  @IsISO4217CurrencyCode()
  currency!: string;

  @IsISO8601({ strict: true })
  issuedAt!: string;
}
