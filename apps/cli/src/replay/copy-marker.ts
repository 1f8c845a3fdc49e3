import { headerString, KafkaHeaders } from '@streamline/schemas';
import { KafkaConnection } from '../kafka/kafka-connection';
import { readTopic } from '../kafka/record-reader';
import { PartitionBounds } from '../kafka/topic-positions';

/** Header a copied record carries: where it was copied from, `<topic>/<partition>/<offset>`. */
export const REPLAY_SOURCE_HEADER = 'streamline_replay_source';

/** The marker of a source position. */
export function copyMarker(topic: string, partition: number, offset: string): string {
  return `${topic}/${partition}/${offset}`;
}

/** The original headers with the marker of where this copy came from (replacing an older marker). */
export function markCopy(headers: KafkaHeaders, marker: string): KafkaHeaders {
  return { ...headers, [REPLAY_SOURCE_HEADER]: marker };
}

/**
 * Every source position of `sourceTopic` already copied into the target: the markers found on
 * the target's records. Re-running a copy skips them, so an interrupted or repeated run never
 * writes a record twice, whatever window it is given.
 */
export async function copiedPositions(connection: KafkaConnection, target: string, bounds: PartitionBounds[], sourceTopic: string): Promise<Set<string>> {
  const copied = new Set<string>();
  const prefix = `${sourceTopic}/`;
  await readTopic(connection, {
    topic: target,
    start: new Map(bounds.map((b) => [b.partition, b.low])),
    end: new Map(bounds.map((b) => [b.partition, b.high])),
    onBatch: async (records) => {
      for (const record of records) {
        const marker = headerString(record.headers, REPLAY_SOURCE_HEADER);
        if (marker?.startsWith(prefix)) copied.add(marker);
      }
    },
  });
  return copied;
}
