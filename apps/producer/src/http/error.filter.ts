import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { SchemaValidationError } from '@streamline/schemas';
import { BrokerUnavailableError, PublishFailedError } from '@streamline/kafka';
import { IngestError } from '../ingest/ingest.error';

/** Maps Streamline errors to HTTP answers: 400 lists the fields, 503 carries Retry-After. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof IngestError) {
      response.status(error.status).json({ error: error.message, fields: error.fields });
    } else if (error instanceof SchemaValidationError) {
      response.status(400).json({ error: error.message, fields: error.fields });
    } else if (error instanceof BrokerUnavailableError) {
      response.setHeader('Retry-After', '5');
      response.status(503).json({ error: 'Kafka is unavailable; nothing was published, retry later' });
    } else if (error instanceof PublishFailedError) {
      this.logger.error(error.message);
      response.status(502).json({ error: error.message });
    } else if (error instanceof HttpException) {
      response.status(error.getStatus()).json({ error: error.message });
    } else if (isBodyParserError(error)) {
      response.status(error.status).json({ error: error.message });
    } else {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      response.status(500).json({ error: 'internal error' });
    }
  }
}

function isBodyParserError(error: unknown): error is { status: number; message: string } {
  const e = error as { status?: unknown; type?: unknown };
  return typeof e?.status === 'number' && typeof e?.type === 'string' && e.status >= 400 && e.status < 500;
}
