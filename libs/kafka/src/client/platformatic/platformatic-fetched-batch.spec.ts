import type { fetchV17, RecordsBatch } from '@platformatic/kafka';
import { fetchedBatchOf } from './platformatic-fetched-batch';

const record = (offsetDelta: number, value: string, headers: [string, string][] = []) => ({
  length: 0,
  attributes: 0,
  timestampDelta: BigInt(offsetDelta),
  offsetDelta,
  key: Buffer.from(`k${offsetDelta}`),
  value: Buffer.from(value),
  headers: headers.map(([n, v]) => [Buffer.from(n), Buffer.from(v)] as [Buffer, Buffer]),
});
const batch = (firstOffset: bigint, records: ReturnType<typeof record>[], attributes = 0): RecordsBatch =>
  ({
    firstOffset,
    lastOffsetDelta: records.length ? records[records.length - 1].offsetDelta : 0,
    attributes,
    firstTimestamp: 1000n,
    maxTimestamp: 2000n,
    records,
  }) as never;
const answer = (batches: RecordsBatch[]): fetchV17.FetchResponsePartition =>
  ({ partitionIndex: 2, errorCode: 0, highWatermark: 99n, records: batches }) as never;

describe('fetchedBatchOf', () => {
  it('leaves out the records before the fetch offset that a batch starting earlier brings', () => {
    const fetched = fetchedBatchOf('t', answer([batch(10n, [record(0, 'a'), record(1, 'b'), record(2, 'c')])]), 11n)!;
    expect(fetched.records.map((r) => [r.offset, r.value?.toString(), r.timestamp])).toEqual([
      ['11', 'b', '1001'],
      ['12', 'c', '1002'],
    ]);
    expect(fetched).toMatchObject({ topic: 't', partition: 2, highWatermark: '99', lastOffset: '12' });
  });

  it('leaves out control records but moves the last offset past them', () => {
    const fetched = fetchedBatchOf('t', answer([batch(5n, [record(0, 'a')]), batch(6n, [record(0, 'marker')], 0x20)]), 5n)!;
    expect(fetched.records.map((r) => r.offset)).toEqual(['5']);
    expect(fetched.lastOffset).toBe('6');
  });

  it('keeps every value of a repeated header name', () => {
    const fetched = fetchedBatchOf(
      't',
      answer([
        batch(0n, [
          record(0, 'a', [
            ['x', '1'],
            ['x', '2'],
            ['y', '3'],
          ]),
        ]),
      ]),
      0n,
    )!;
    const headers = fetched.records[0].headers;
    expect((headers.x as Buffer[]).map(String)).toEqual(['1', '2']);
    expect(String(headers.y)).toBe('3');
  });

  it('reports nothing when the answer holds nothing from the fetch offset on', () => {
    expect(fetchedBatchOf('t', answer([]), 0n)).toBeUndefined();
    expect(fetchedBatchOf('t', answer([batch(0n, [record(0, 'a')])]), 1n)).toBeUndefined();
  });
});
