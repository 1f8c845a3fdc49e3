import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { KafkaHealthIndicator, ProducerService } from '@streamline/kafka';

/** Liveness (the process answers) and readiness (Kafka answers and the service takes events) for orchestrators. */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaHealthIndicator,
    private readonly producer: ProducerService,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.kafka.broker(),
      () => {
        const session = this.indicators.check('ingest');
        return this.producer.accepting ? session.up() : session.down({ message: 'shutting down' });
      },
    ]);
  }
}
