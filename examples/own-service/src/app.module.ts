import { DynamicModule, Module } from '@nestjs/common';
import { KafkaModule } from '@streamline/kafka';
import { registry } from './events';
import { InvoicesController } from './invoices.controller';
import { InvoicesHandler } from './invoices.handler';
import { Ledger } from './ledger';

export interface AppSettings {
  brokers: string[];
  groupId: string;
  topicPrefix?: string;
}

@Module({})
export class AppModule {
  static register({ brokers, groupId, topicPrefix }: AppSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [KafkaModule.forRoot({ brokers, registry, topicPrefix, createTopics: true, consumer: { groupId } })],
      controllers: [InvoicesController],
      providers: [Ledger, InvoicesHandler],
    };
  }
}
