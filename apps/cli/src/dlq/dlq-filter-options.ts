import { Option } from 'nest-commander';
import { KafkaCommand } from '../kafka/kafka-command';
import { parseList } from '../shared/flag-parsers';
import { parseReasons } from './dead-letter-reasons';
import { parsePositions } from './dead-letter-view';

/** Options shared by `dlq show` and `dlq redrive`. */
export interface DlqFilterOptions {
  reason?: string[];
  type?: string[];
  at?: string[];
  json?: boolean;
}

/** `--reason`, `--type`, `--at` and `--json` for the dead-letter commands that pick records. */
export abstract class DlqFilteredCommand<O extends DlqFilterOptions> extends KafkaCommand<O> {
  @Option({ flags: '--reason <reason>', description: 'only dead letters with this reason, e.g. invalid-data, handler-failed, illegal-state (repeatable)' })
  parseReason(value: string, previous?: string[]): string[] {
    return parseReasons(value, previous);
  }

  @Option({ flags: '--type <type>', description: 'only dead letters of this event type; - for records without one (repeatable)' })
  parseType(value: string, previous?: string[]): string[] {
    return parseList(value, previous);
  }

  @Option({
    flags: '--at <partition@offset>',
    description: 'only the dead letter at this position of the dead-letter topic, e.g. 0@12 (repeatable, or comma-separated)',
  })
  parseAt(value: string, previous?: string[]): string[] {
    return parsePositions(value, previous);
  }

  @Option({ flags: '--json', description: 'one JSON object per line' })
  parseJson(): boolean {
    return true;
  }
}
