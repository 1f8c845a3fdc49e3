import { Injectable } from '@nestjs/common';
import { InvoiceIssuedV1 } from './invoice-issued.v1';

/** What the handler applied: in a real service, a table. */
@Injectable()
export class Ledger {
  readonly invoices = new Map<string, InvoiceIssuedV1>();
  /** Events the handler finished, counted by its interceptor. */
  audited = 0;
}
