import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health/health.controller';
import { KafkaModule, kafkaOptionsFromEnv, MetricsController, startDefaultMetrics } from '@streamline/kafka';
import { ProducerConfig } from './producer.config';
import { EventsController } from './ingest/events.controller';
import { ErrorFilter } from './http/error.filter';

/** The producer service: HTTP ingest in front of ProducerService. */
@Module({})
export class ProducerModule {
  static forConfig(config: ProducerConfig): DynamicModule {
    startDefaultMetrics('producer');
    return {
      module: ProducerModule,
      imports: [
        TerminusModule,
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL, autoLogging: false, base: { service: 'producer' } } }),
        KafkaModule.forRoot({ ...kafkaOptionsFromEnv(config), producer: { defaultSource: config.EVENT_SOURCE } }),
      ],
      controllers: [HealthController, MetricsController, EventsController],
      providers: [{ provide: ProducerConfig, useValue: config }, { provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
