import { compareDelivery, SourceRecord } from './delivery-audit';

const at = (offset: number, id?: string, partition = 0, topic = 'orders'): SourceRecord => ({
  topic,
  partition,
  offset: String(offset),
  ...(id === undefined ? {} : { source: '/checkout', id }),
});
const ids = (...values: string[]) => values.map((id) => ({ source: '/checkout', id }));

describe('compareDelivery', () => {
  it('finds nothing missing when every event was applied or dead-lettered', () => {
    const { counts, missing, duplicates } = compareDelivery([at(0, 'a'), at(1, 'b'), at(0, 'c', 1)], ids('a', 'c'), [{ source: '/checkout', id: 'b' }]);
    expect(counts).toEqual({
      records: 3,
      recordsWithoutId: 0,
      events: 3,
      duplicateEvents: 0,
      duplicateRecords: 0,
      applied: 2,
      deadLettered: 1,
      missing: 0,
      appliedAndDeadLettered: 0,
      appliedOutsideWindow: 0,
      processedIds: 2,
      deadLetterRecords: 1,
    });
    expect(missing).toEqual([]);
    expect(duplicates).toEqual([]);
  });

  it('lists an event neither applied nor dead-lettered as missing, with its position', () => {
    const { counts, missing } = compareDelivery([at(0, 'a'), at(1, 'b'), at(2, 'c')], ids('a', 'c'), []);
    expect(counts.missing).toBe(1);
    expect(missing).toEqual([{ source: '/checkout', id: 'b', positions: [{ topic: 'orders', partition: 0, offset: '1' }] }]);
  });

  it('tells events apart by source as well as id, as the idempotency guard does', () => {
    const other = { ...at(1, 'a'), source: '/billing' };
    const { counts, missing } = compareDelivery([at(0, 'a'), other], ids('a'), []);
    expect(counts.events).toBe(2);
    expect(missing.map((m) => m.source)).toEqual(['/billing']);
  });

  it('counts an id written at several offsets once as an event and once as a duplicate in the log', () => {
    const { counts, duplicates } = compareDelivery([at(0, 'a'), at(1, 'b'), at(5, 'a'), at(3, 'a', 2)], ids('a', 'b'), []);
    expect(counts).toMatchObject({ records: 4, events: 2, duplicateEvents: 1, duplicateRecords: 2, applied: 2, missing: 0 });
    expect(duplicates).toEqual([
      {
        source: '/checkout',
        id: 'a',
        positions: [
          { topic: 'orders', partition: 0, offset: '0' },
          { topic: 'orders', partition: 0, offset: '5' },
          { topic: 'orders', partition: 2, offset: '3' },
        ],
      },
    ]);
  });

  it('matches a dead letter without an identity to its record by the source position it keeps', () => {
    const records = [at(0, 'a'), at(1), at(2)];
    const { counts, missing } = compareDelivery(records, ids('a'), [{ sourceTopic: 'orders', sourcePartition: 0, sourceOffset: '1' }]);
    expect(counts).toMatchObject({ records: 3, recordsWithoutId: 2, events: 1, applied: 1, deadLettered: 1, missing: 1 });
    expect(missing).toEqual([{ source: null, id: null, positions: [{ topic: 'orders', partition: 0, offset: '2' }] }]);
  });

  it('counts an event both applied and dead-lettered as applied, and says so apart', () => {
    const { counts } = compareDelivery([at(0, 'a')], ids('a'), [
      { source: '/checkout', id: 'a' },
      { source: '/checkout', id: 'z' },
    ]);
    expect(counts).toMatchObject({ applied: 1, deadLettered: 0, appliedAndDeadLettered: 1, deadLetterRecords: 2 });
  });

  it('reports processed ids of events outside the records read as outside the window, not as a fault', () => {
    const { counts } = compareDelivery([at(7, 'h')], ids('a', 'b', 'h'), []);
    expect(counts).toMatchObject({ events: 1, applied: 1, missing: 0, appliedOutsideWindow: 2, processedIds: 3 });
  });

  it('lists at most `limit` missing and duplicated events but counts them all', () => {
    const records = Array.from({ length: 30 }, (_, i) => at(i, `e${i % 15}`));
    const { counts, missing, duplicates } = compareDelivery(records, [], [], 4);
    expect(counts).toMatchObject({ missing: 15, duplicateEvents: 15, duplicateRecords: 15 });
    expect(missing.map((m) => m.id)).toEqual(['e0', 'e1', 'e2', 'e3']);
    expect(duplicates).toHaveLength(4);
    expect(compareDelivery(records, [], [], Infinity).missing).toHaveLength(15);
  });

  it('lists by position in the log, whatever order the partitions were read in', () => {
    const records = [at(4, 'd', 1), at(9, 'c', 0), at(10, 'b', 0, 'archive'), at(2, 'd', 0), at(1, 'a', 1)];
    const { missing, duplicates } = compareDelivery(records, [], [], 3);
    expect(missing.map((m) => m.id)).toEqual(['b', 'd', 'c']);
    expect(duplicates[0].positions).toEqual([
      { topic: 'orders', partition: 0, offset: '2' },
      { topic: 'orders', partition: 1, offset: '4' },
    ]);
  });

  it('keeps applied + dead-lettered + missing equal to the events and the records without an id', () => {
    const records = [at(0, 'a'), at(1, 'b'), at(2), at(3, 'c'), at(4, 'a'), at(5)];
    const { counts } = compareDelivery(records, ids('a', 'x'), [
      { source: '/checkout', id: 'c' },
      { sourceTopic: 'orders', sourcePartition: 0, sourceOffset: '5' },
    ]);
    expect(counts.applied + counts.deadLettered + counts.missing).toBe(counts.events + counts.recordsWithoutId);
    expect(counts.events + counts.recordsWithoutId + counts.duplicateRecords).toBe(counts.records);
  });
});
