import { readFileSync } from 'node:fs';
import { NewEvent } from '@streamline/schemas';
import { UsageError } from '../errors/cli.errors';

/**
 * Reads one event for `produce` from a file or stdin (`-`): either the event's data as a JSON
 * object, or a whole structured-mode CloudEvent (`specversion`, `data`, and optionally `id`,
 * `source`, `time`, `subject`, whose `type` must then match).
 */
export function readEventInput(path: string, type: string, defaults: { source: string; id?: string }): NewEvent {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new UsageError(`--data ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--data ${path === '-' ? '(stdin)' : path} is not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UsageError(`--data must hold one JSON object: the event's data, or a CloudEvent with specversion and data`);
  }
  const object = json as Record<string, unknown>;
  if ('specversion' in object && 'data' in object) {
    if (object.type !== undefined && object.type !== type) throw new UsageError(`the CloudEvent in --data has type "${object.type}", not ${type}`);
    return {
      type,
      source: typeof object.source === 'string' ? object.source : defaults.source,
      id: typeof object.id === 'string' ? object.id : defaults.id,
      time: typeof object.time === 'string' ? object.time : undefined,
      subject: typeof object.subject === 'string' ? object.subject : undefined,
      data: object.data as object,
    };
  }
  return { type, source: defaults.source, id: defaults.id, data: object };
}
