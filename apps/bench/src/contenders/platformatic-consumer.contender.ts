import { Consumer, MessagesStreamModes, type Message } from '@platformatic/kafka';
import { decodeRecord } from '@streamline/schemas';
import { orderRegistry } from '@streamline/orders';
import { seqOfValue } from '../support/bench-records';
import { ContenderParams, ContenderResult, resultOf, topicOf, until } from './contender';
import { HandledCounter } from './handled-counter';

/** Records the stream holds before it stops fetching: 16384 read 106–120k records/s against 77–99k at the default 1024 (docs/DESIGN notes). */
const HIGH_WATER_MARK = 16_384;

/**
 * Raw @platformatic/kafka as a hand-written consumer would use it: one message stream, reading
 * from the earliest offset, committing as it goes. No-op runs count each message. I/O-bound runs
 * handle messages of different partitions concurrently and those of one partition in order (one
 * promise chain per partition, the stream paused while too many wait), as the kafkajs contender
 * does with `partitionsConsumedConcurrently`. With `decode`, each record also goes through
 * Streamline's decoder.
 */
export async function platformaticConsumer(params: ContenderParams, { decode = false } = {}): Promise<ContenderResult> {
  const counter = new HandledCounter(params.handlerDelayMs);
  const consumer = new Consumer({ clientId: 'bench-platformatic', bootstrapBrokers: params.brokers, groupId: params.groupId, highWaterMark: HIGH_WATER_MARK });
  const stream = await consumer.consume({ topics: [topicOf(params)], mode: MessagesStreamModes.EARLIEST, autocommit: 1_000 });
  if (counter.checksOrder) {
    const chains = new Map<number, Promise<void>>();
    let waiting = 0;
    stream.on('data', (message: Message) => {
      waiting++;
      if (waiting >= HIGH_WATER_MARK) stream.pause();
      const handled = (chains.get(message.partition) ?? Promise.resolve()).then(async () => {
        const data = JSON.parse(message.value.toString('utf8')) as { customerId: string };
        await counter.handle(message.key.toString(), seqOfValue(data));
        waiting--;
        if (waiting < HIGH_WATER_MARK / 2 && stream.isPaused()) stream.resume();
      });
      chains.set(message.partition, handled);
    });
  } else {
    stream.on('data', (message: Message) => {
      if (decode)
        decodeRecord(orderRegistry, {
          key: message.key,
          value: message.value,
          headers: Object.fromEntries([...message.headers].map(([k, v]) => [k.toString(), v])),
        });
      counter.handleMany(1);
    });
  }
  await until(() => counter.handled >= params.count);
  const result = resultOf(counter.handled, counter.firstAt, counter.lastAt, { orderViolations: counter.order.violations });
  await stream.close();
  await consumer.close(true);
  return result;
}
