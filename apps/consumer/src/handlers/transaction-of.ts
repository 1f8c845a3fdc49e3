import { HandlerContext, HandlerError, SqlExecutor } from '@streamline/kafka';

/** The event's transaction; the service always runs with a database, so its absence is a wiring bug. */
export function transactionOf(context: HandlerContext): SqlExecutor {
  if (!context.tx) throw new HandlerError('the consumer runtime runs without a database; the read model needs one', false);
  return context.tx;
}
