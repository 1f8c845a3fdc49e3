import { ClusterAdmin } from '../../client/cluster-admin';
import { ConsumerClient } from '../../client/consumer-client';
import { OutgoingRecord } from '../../client/record-sender';
import { ConsumedOffsets, GroupMember, TransactionalSender } from '../../client/transactional-sender';
import { ConsumerMetrics } from '../consumer.metrics';
import { OffsetTracker } from '../offset-tracker';
import { Slot } from '../partition-slot';
import { EmittedEvents, EmittedRecord } from './emitted-events';
import { TransactionalCommitter } from './transactional-committer';

/** A transactional sender that records what it committed; `fail` makes the next commit fail after (or before) it went through. */
class FakeSender implements TransactionalSender {
  committed: { records: OutgoingRecord[]; consumed: ConsumedOffsets }[] = [];
  fail?: 'aborted' | 'answer-lost';
  connect = async () => undefined;
  disconnect = async () => undefined;
  async commit(records: OutgoingRecord[], consumed: ConsumedOffsets): Promise<void> {
    const fail = this.fail;
    this.fail = undefined;
    if (fail !== 'aborted') this.committed.push({ records, consumed });
    if (fail) throw new Error(`transaction ${fail}`);
  }
  /** The group's offsets as the broker has them after the commits above. */
  offsetOf(partition: number): string {
    const offsets = this.committed.flatMap((c) => c.consumed.offsets).filter((o) => o.partition === partition);
    return offsets[offsets.length - 1]?.offset ?? '-1';
  }
}

async function setup() {
  const sender = new FakeSender();
  let member: GroupMember = { memberId: 'm-1', generationId: 1 };
  const client = { member: () => member } as unknown as ConsumerClient;
  const admin = {
    stableGroupOffsets: async (_group: string, _topic: string, partitions: number[]) => new Map(partitions.map((p) => [p, sender.offsetOf(p)])),
  } as unknown as ClusterAdmin;
  const events = { place: async (records: EmittedRecord[]) => records.map((r) => ({ ...r, partition: 0 })) } as unknown as EmittedEvents;
  const offsets = new OffsetTracker();
  const slot = { topic: 'orders', partition: 3, generation: 1, worker: { offsets, size: 0 }, emitted: new Map() } as unknown as Slot;
  const warnings: string[] = [];
  const committer = new TransactionalCommitter(
    client,
    new ConsumerMetrics(),
    10,
    { warn: (m) => warnings.push(m) },
    () => [slot],
    () => 1,
    { groupId: 'shipping', sender, events, admin },
  );
  committer.onAssigned();
  await committer.commitNow();
  return { sender, slot, offsets, committer, warnings, newMember: (m: GroupMember) => (member = m) };
}

const keys = (records: OutgoingRecord[]) => records.map((r) => r.key);

describe('TransactionalCommitter', () => {
  it("writes the events of the records a commit passes, with that offset, and keeps later records' events for a later transaction", async () => {
    const { sender, slot, offsets, committer } = await setup();
    offsets.add('0');
    offsets.add('1');
    offsets.add('2');
    slot.emitted!.set(0, [{ topic: 'shipments', key: 'a', value: 'a', headers: {} }]);
    slot.emitted!.set(2, [{ topic: 'shipments', key: 'c', value: 'c', headers: {} }]);
    offsets.settle('0');
    offsets.settle('2');
    await committer.commitNow();
    expect(sender.committed).toHaveLength(1);
    expect(keys(sender.committed[0].records)).toEqual(['a']);
    expect(sender.committed[0].consumed.offsets).toEqual([{ topic: 'orders', partition: 3, offset: '1' }]);

    offsets.settle('1');
    await committer.commitNow();
    expect(keys(sender.committed[1].records)).toEqual(['c']);
    expect(sender.committed[1].consumed.offsets[0].offset).toBe('3');
    expect(slot.emitted!.size).toBe(0);
  });

  it('keeps the events of an aborted transaction and sends them with the next one', async () => {
    const { sender, slot, offsets, committer } = await setup();
    offsets.add('0');
    slot.emitted!.set(0, [{ topic: 'shipments', key: 'a', value: 'a', headers: {} }]);
    offsets.settle('0');
    sender.fail = 'aborted';
    await committer.commitNow();
    expect(sender.committed).toHaveLength(0);
    await committer.commitNow();
    expect(sender.committed.map((c) => keys(c.records))).toEqual([['a']]);
  });

  it('does not send the events again when a transaction committed but its answer was lost (the group has its offsets)', async () => {
    const { sender, slot, offsets, committer, warnings } = await setup();
    offsets.add('0');
    offsets.add('1');
    slot.emitted!.set(0, [{ topic: 'shipments', key: 'a', value: 'a', headers: {} }]);
    offsets.settle('0');
    sender.fail = 'answer-lost';
    await committer.commitNow();
    expect(warnings.join()).toMatch(/answer to a transaction was lost, but it committed/);
    slot.emitted!.set(1, [{ topic: 'shipments', key: 'b', value: 'b', headers: {} }]);
    offsets.settle('1');
    await committer.commitNow();
    expect(sender.committed.map((c) => keys(c.records))).toEqual([['a'], ['b']]);
  });

  it('sends the member and generation of the assignment, not of a rebalance that began since (the coordinator then refuses it)', async () => {
    const { sender, slot, offsets, committer, newMember } = await setup();
    newMember({ memberId: 'm-1', generationId: 2 });
    offsets.add('0');
    slot.emitted!.set(0, [{ topic: 'shipments', key: 'a', value: 'a', headers: {} }]);
    offsets.settle('0');
    await committer.commitNow();
    expect(sender.committed[0].consumed.member).toEqual({ memberId: 'm-1', generationId: 1 });
  });
});
