import { Inject, Injectable, Logger } from '@nestjs/common';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConsoleConfig } from '../console.config';

/** One changing action as the action log keeps it. */
export interface ActionEntry {
  at: string;
  by: string;
  action: 'dlq-redrive' | 'replay-group' | 'replay-copy';
  /** What was asked: topic, group, filters, target position. */
  request: Record<string, unknown>;
  outcome: 'done' | 'refused' | 'failed';
  /** The command's summary, or why it was refused. */
  result: unknown;
}

/** Appends every redrive and replay the console runs, with who asked, to a JSON-lines file and the service log. */
@Injectable()
export class ActionLog {
  private readonly logger = new Logger('actions');

  constructor(@Inject(ConsoleConfig) private readonly config: ConsoleConfig) {}

  async record(entry: Omit<ActionEntry, 'at'>): Promise<ActionEntry> {
    const full: ActionEntry = { at: new Date().toISOString(), ...entry };
    this.logger.log(`${full.action} by ${full.by}: ${full.outcome} ${JSON.stringify(full.request)}`);
    await mkdir(dirname(this.config.CONSOLE_ACTION_LOG), { recursive: true });
    await appendFile(this.config.CONSOLE_ACTION_LOG, `${JSON.stringify(full)}\n`);
    return full;
  }

  /** Runs an action through the command line and logs it, whatever its outcome. */
  async run<T>(by: string, action: ActionEntry['action'], request: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      await this.record({ by, action, request, outcome: 'done', result });
      return result;
    } catch (error) {
      const refused = error instanceof Error && 'exitCode' in error;
      await this.record({ by, action, request, outcome: refused ? 'refused' : 'failed', result: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }
}
