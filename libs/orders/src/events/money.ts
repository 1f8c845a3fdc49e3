import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

/** Largest amount in minor units an event may carry (10^13, a hundred billion in cents). */
export const MAX_MINOR_UNITS = 10_000_000_000_000;

/**
 * An amount of money in integer minor units (cents for EUR), so no event ever carries a
 * binary floating-point price.
 */
export class Money {
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR_UNITS)
  amountMinor!: number;

  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code of three capital letters' })
  currency!: string;
}
