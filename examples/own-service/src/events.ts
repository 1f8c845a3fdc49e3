import { defineEvent, EventRegistry } from '@streamline/schemas';
import { InvoiceIssuedV1 } from './invoice-issued.v1';

/** This service's events and the topics they travel on. */
export const registry = new EventRegistry([
  {
    name: 'invoices',
    partitions: 3,
    retentionMs: 30 * 24 * 60 * 60 * 1000,
    description: 'Invoices, keyed by invoice id.',
    events: [
      defineEvent({
        type: 'invoice.issued.v1',
        dataClass: InvoiceIssuedV1,
        keyField: 'invoiceId',
        description: 'An invoice was issued to a customer.',
      }),
    ],
  },
]);
