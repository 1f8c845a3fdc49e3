import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { SchemaValidationError } from '@streamline/schemas';
import { BrokerUnavailableError, DuplicateEventError, ProducerService, PublishFailedError, RejectionReason } from '@streamline/kafka';
import { IngestError } from '../ingest/ingest.error';
import { ProducerConfig } from '../producer.config';

const REJECTION_BY_STATUS: Partial<Record<number, RejectionReason>> = {
  400: 'invalid',
  401: 'unauthorized',
  413: 'too-large',
  415: 'unsupported-media-type',
};

/**
 * Maps errors to HTTP answers: 400 lists the fields, 401 asks for a key, 409 names the reused
 * identity, 503 carries Retry-After. Whatever a client sends, a failure to parse it is a 4xx.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  constructor(
    @Inject(ProducerConfig) private readonly config: ProducerConfig,
    private readonly producer: ProducerService,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (error instanceof IngestError) {
      this.countRejection(error.status);
      if (error.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
      response.status(error.status).json({ error: error.message, ...(error.fields.length ? { fields: error.fields } : {}) });
    } else if (error instanceof SchemaValidationError) {
      response.status(400).json({ error: error.message, fields: error.fields });
    } else if (error instanceof DuplicateEventError) {
      response.status(409).json({ error: error.message });
    } else if (error instanceof BrokerUnavailableError) {
      response.setHeader('Retry-After', String(this.config.RETRY_AFTER_SECONDS));
      // Whatever failed underneath (connect refused, timeout), the client learns the same thing.
      response.status(503).json({ error: `Kafka is unavailable (${error.message}); retry later with the same event id` });
    } else if (error instanceof PublishFailedError) {
      this.logger.error(error.message);
      response.status(502).json({ error: error.message });
    } else if (error instanceof HttpException) {
      response.status(error.getStatus()).json({ error: error.message });
    } else if (isBodyParserError(error)) {
      const status = error.type === 'encoding.unsupported' ? 415 : error.status;
      this.countRejection(status);
      response.status(status).json({ error: error.message });
    } else {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      response.status(500).json({ error: 'internal error' });
    }
  }

  /** Requests refused before reaching the producer are counted here; the producer counts its own. */
  private countRejection(status: number): void {
    const reason = REJECTION_BY_STATUS[status];
    if (reason) this.producer.metrics.reject(reason);
  }
}

function isBodyParserError(error: unknown): error is { status: number; message: string; type: string } {
  const e = error as { status?: unknown; type?: unknown };
  return typeof e?.status === 'number' && typeof e?.type === 'string' && e.status >= 400 && e.status < 500;
}
