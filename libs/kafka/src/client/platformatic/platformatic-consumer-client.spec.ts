import { baseOptionsOf } from './platformatic-connection';
import { PlatformaticConsumerClient } from './platformatic-consumer-client';

type LibraryConsumer = { joinGroup(options: object, callback: (error: Error | null) => void): void };

/** What the library's public joinGroup answers, called as the library's own commit path calls it. */
const joinOutcome = (client: PlatformaticConsumerClient) =>
  new Promise<Error | null>((resolve) => (client as unknown as { consumer: LibraryConsumer }).consumer.joinGroup({}, resolve));

describe('PlatformaticConsumerClient', () => {
  const base = { ...baseOptionsOf({ brokers: ['127.0.0.1:1'], connectTimeoutMs: 200 }), retries: 0 };
  const clients: PlatformaticConsumerClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.disconnect()));
  });

  it("refuses the join the library's commit asks for after Kafka refused a commit (classic protocol), so no extra rebalance starts", async () => {
    const client = new PlatformaticConsumerClient(base, { groupId: 'g', partitionsConsumedConcurrently: 1 });
    clients.push(client);
    const outcome = await joinOutcome(client);
    expect(outcome?.message).toBe('Kafka refused the commit: the group has moved to another generation');
  });

  it('leaves the library its own behaviour on the KIP-848 protocol, where a join is the next heartbeat', async () => {
    const client = new PlatformaticConsumerClient(base, { groupId: 'g', partitionsConsumedConcurrently: 1, groupProtocol: 'consumer' });
    clients.push(client);
    expect(await joinOutcome(client)).toBeNull();
  });
});
