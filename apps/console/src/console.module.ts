import { DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { serviceLogOptions } from '@streamline/kafka';
import { ActionLog } from './access/action-log';
import { OperatorGuard } from './access/operator.guard';
import { SessionController } from './access/session.controller';
import { DeadLettersController } from './api/dead-letters.controller';
import { GroupsController } from './api/groups.controller';
import { LoadRunsController } from './api/load-runs.controller';
import { OverviewController } from './api/overview.controller';
import { ReplayController } from './api/replay.controller';
import { TopicsController } from './api/topics.controller';
import { CliRunner } from './cli/cli-runner';
import { ConsoleConfig } from './console.config';
import { ConsoleErrorFilter } from './http/error.filter';
import { ClusterWatch } from './live/cluster-watch.service';

/** The console: the page's JSON API over the cluster and the `streamline` command line. */
@Module({})
export class ConsoleModule {
  static forConfig(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [LoggerModule.forRoot({ pinoHttp: serviceLogOptions('console', config.LOG_LEVEL) })],
      controllers: [SessionController, OverviewController, TopicsController, GroupsController, DeadLettersController, ReplayController, LoadRunsController],
      providers: [
        { provide: ConsoleConfig, useValue: config },
        CliRunner,
        ClusterWatch,
        ActionLog,
        { provide: APP_GUARD, useClass: OperatorGuard },
        { provide: APP_FILTER, useClass: ConsoleErrorFilter },
        { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }) },
      ],
    };
  }
}
