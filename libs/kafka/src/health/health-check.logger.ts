import { Injectable, Logger, LoggerService } from '@nestjs/common';

/**
 * Terminus' logger (`TerminusModule.forRoot({ logger: HealthCheckLogger })`). Terminus logs every
 * failed check at error level, so each readiness poll while the consumer joins its group would be
 * an error; a check that answers "not ready" is an answer, not a fault, so it is logged as a warning.
 */
@Injectable()
export class HealthCheckLogger implements LoggerService {
  private readonly logger = new Logger('HealthCheck');

  log(message: unknown): void {
    this.logger.log(message);
  }

  error(message: unknown): void {
    this.logger.warn(message);
  }

  warn(message: unknown): void {
    this.logger.warn(message);
  }

  debug(message: unknown): void {
    this.logger.debug(message);
  }

  verbose(message: unknown): void {
    this.logger.verbose(message);
  }
}
