import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { BrokerUnavailableError } from '@streamline/kafka';
import { CliFailedError } from '../cli/cli-failed.error';

/**
 * Errors as the console answers them: a bad request lists its fields (400); what the command
 * line refused, an active group or an unknown topic, is a 409 with its own words; Kafka not
 * answering is a 503 with Retry-After.
 */
@Catch()
export class ConsoleErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof CliFailedError) {
      if (error.unreachable) {
        response.status(503).setHeader('Retry-After', '5').json({ error: error.message });
        return;
      }
      response.status(error.exitCode === 2 ? 400 : 409).json({ error: error.message });
      return;
    }
    if (error instanceof BrokerUnavailableError) {
      response.status(503).setHeader('Retry-After', '5').json({ error: error.message });
      return;
    }
    if (error instanceof BadRequestException) {
      const body = error.getResponse() as { message?: string | string[]; error?: string; fields?: unknown };
      if (Array.isArray(body.message)) {
        response.status(400).json({ error: `invalid request: ${body.message.join('; ')}`, fields: body.message });
        return;
      }
      response.status(400).json({ error: body.error ?? error.message, ...(body.fields ? { fields: body.fields } : {}) });
      return;
    }
    if (error instanceof HttpException) {
      response.status(error.getStatus()).json({ error: error.message });
      return;
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    response.status(500).json({ error: 'internal error' });
  }
}
