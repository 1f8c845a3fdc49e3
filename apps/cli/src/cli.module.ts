import { DynamicModule, Module } from '@nestjs/common';
import { CliConfig } from './cli.config';
import { KafkaConnection } from './kafka/kafka-connection';
import { Printer } from './output/printer';
import { CommanderSetup } from './commander-setup';
import { TopicsCommand } from './topics/topics.command';
import { TopicsCreateCommand } from './topics/topics-create.command';
import { TopicsManifestCommand } from './topics/topics-manifest.command';
import { TailCommand } from './tail/tail.command';
import { ProduceCommand } from './produce/produce.command';
import { LagCommand } from './lag/lag.command';
import { ReplayCommand } from './replay/replay.command';
import { ReplayGroupCommand } from './replay/replay-group.command';
import { ReplayCopyCommand } from './replay/replay-copy.command';
import { DlqCommand } from './dlq/dlq.command';
import { DlqListCommand } from './dlq/dlq-list.command';
import { DlqShowCommand } from './dlq/dlq-show.command';
import { DlqRedriveCommand } from './dlq/dlq-redrive.command';
import { RebuildCommand } from './rebuild/rebuild.command';
import { LoadCommand } from './load/load.command';
import { LoadCompareCommand } from './load/load-compare.command';
import { AuditCommand } from './audit/audit.command';
import { DoctorCommand } from './doctor/doctor.command';

/** Shared services every command may inject. */
@Module({})
export class CliCoreModule {
  static forConfig(config: CliConfig): DynamicModule {
    return {
      module: CliCoreModule,
      global: true,
      providers: [{ provide: CliConfig, useValue: config }, KafkaConnection, Printer],
      exports: [CliConfig, KafkaConnection, Printer],
    };
  }
}

/** The `streamline` command line: one provider per command. */
@Module({})
export class CliModule {
  static forConfig(config: CliConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [CliCoreModule.forConfig(config)],
      providers: [
        CommanderSetup,
        TopicsCommand,
        TopicsCreateCommand,
        TopicsManifestCommand,
        TailCommand,
        ProduceCommand,
        LagCommand,
        ReplayCommand,
        ReplayGroupCommand,
        ReplayCopyCommand,
        DlqCommand,
        DlqListCommand,
        DlqShowCommand,
        DlqRedriveCommand,
        RebuildCommand,
        LoadCommand,
        LoadCompareCommand,
        AuditCommand,
        DoctorCommand,
      ],
    };
  }
}
