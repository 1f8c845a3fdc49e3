/** Things a shop sells, at plausible prices; sample orders draw their lines from here. */
export const SAMPLE_PRODUCTS: readonly { sku: string; unitPrice: number }[] = [
  { sku: 'BOOK-0451', unitPrice: 12.99 },
  { sku: 'BOOK-1984', unitPrice: 9.5 },
  { sku: 'MUG-STEEL-350', unitPrice: 14.9 },
  { sku: 'LAMP-DESK-LED', unitPrice: 39.0 },
  { sku: 'CABLE-USBC-2M', unitPrice: 7.49 },
  { sku: 'HEADPHONES-NC', unitPrice: 179.0 },
  { sku: 'KEYBOARD-TKL', unitPrice: 89.99 },
  { sku: 'BACKPACK-25L', unitPrice: 64.5 },
  { sku: 'TEA-SENCHA-100G', unitPrice: 6.2 },
  { sku: 'SOCKS-WOOL-3P', unitPrice: 18.0 },
  { sku: 'PEN-FOUNTAIN', unitPrice: 24.75 },
  { sku: 'PLANT-POT-M', unitPrice: 11.3 },
];

export const SAMPLE_CURRENCIES = ['EUR', 'EUR', 'EUR', 'USD', 'USD', 'GBP', 'CHF', 'SEK'] as const;
export const SAMPLE_CARRIERS = ['DHL', 'UPS', 'PostNL', 'DPD', 'La Poste', 'Royal Mail'] as const;
export const SAMPLE_CANCEL_REASONS = [
  'customer changed their mind',
  'payment declined',
  'item out of stock',
  'duplicate order',
  'address could not be verified',
] as const;

/** Payment declines with the message a provider would give. */
export const SAMPLE_PAYMENT_FAILURES = [
  ['insufficient-funds', 'insufficient funds on the account'],
  ['card-declined', 'the card issuer declined the payment'],
  ['expired-card', 'the card has expired'],
  ['fraud-suspected', 'blocked by the fraud screen'],
  ['provider-error', 'the payment provider did not answer in time'],
] as const;
