import { ArgumentsHost, CallHandler, Catch, ExceptionFilter, ExecutionContext, Injectable, NestInterceptor, PipeTransform } from '@nestjs/common';
import { eventOf, HandlerError } from '@streamline/kafka';
import { EventEnvelope } from '@streamline/schemas';
import { Observable, tap } from 'rxjs';
import { InvoiceIssuedV1 } from './invoice-issued.v1';
import { Ledger } from './ledger';

/** Counts the events its handlers finished (an interceptor sees the handler's result). */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly ledger: Ledger) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(tap(() => this.ledger.audited++));
  }
}

/** Customers on hold get no invoices applied: the event is dead-lettered, reason `guard-refused`. */
@Injectable()
export class CustomerNotOnHoldGuard {
  canActivate(context: ExecutionContext): boolean {
    const event = eventOf(context) as EventEnvelope<InvoiceIssuedV1>;
    return !event.data.customerId.startsWith('hold-');
  }
}

/** Customer ids are kept upper-case in the ledger. */
export class UpperCaseCustomer implements PipeTransform<InvoiceIssuedV1, InvoiceIssuedV1> {
  transform(invoice: InvoiceIssuedV1): InvoiceIssuedV1 {
    return { ...invoice, customerId: invoice.customerId.toUpperCase() };
  }
}

/** The ledger is closed for good: no retry will change that, so dead-letter at once. */
export class LedgerClosedError extends Error {}

@Catch(LedgerClosedError)
export class LedgerClosedIsFinal implements ExceptionFilter {
  catch(error: LedgerClosedError, host: ArgumentsHost): never {
    void host;
    throw new HandlerError(error.message, false, { cause: error });
  }
}
