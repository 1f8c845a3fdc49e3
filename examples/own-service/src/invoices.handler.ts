import { Injectable, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { Ctx, EventHandler, HandlerContext, Payload } from '@streamline/kafka';
import { AuditInterceptor, CustomerNotOnHoldGuard, LedgerClosedError, LedgerClosedIsFinal, UpperCaseCustomer } from './enhancers';
import { InvoiceIssuedV1 } from './invoice-issued.v1';
import { Ledger } from './ledger';

@Injectable()
@UseInterceptors(AuditInterceptor)
export class InvoicesHandler {
  constructor(private readonly ledger: Ledger) {}

  @EventHandler('invoice.issued.v1')
  @UseGuards(CustomerNotOnHoldGuard)
  @UseFilters(LedgerClosedIsFinal)
  async issued(@Payload('data', new UpperCaseCustomer()) invoice: InvoiceIssuedV1, @Ctx() context: HandlerContext): Promise<void> {
    if (invoice.amountMinor >= 10_000_000) throw new LedgerClosedError(`invoice ${invoice.invoiceId}: amounts this large go to the old ledger`);
    if (this.ledger.invoices.has(invoice.invoiceId)) throw new Error(`invoice ${invoice.invoiceId} applied twice (attempt ${context.attempt})`);
    this.ledger.invoices.set(invoice.invoiceId, invoice);
  }
}
