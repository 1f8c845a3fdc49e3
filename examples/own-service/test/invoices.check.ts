import 'reflect-metadata';
import { strict as assert } from 'node:assert';
import { NestFactory } from '@nestjs/core';
import { hideKafkajsTimerWarning } from '@streamline/kafka';
import { randomGroupId, randomTopicPrefix, startTestKafka, waitUntilDrained } from '@streamline/testing';
import { AppModule } from '../src/app.module';
import { Ledger } from '../src/ledger';

/** End to end against a real Kafka: invoices posted over HTTP are each applied once. */
async function main(): Promise<void> {
  // kafkajs 2.2.4 makes Node 24 print a harmless TimeoutNegativeWarning per connection.
  hideKafkajsTimerWarning();
  const kafka = await startTestKafka();
  const topicPrefix = randomTopicPrefix('invoices');
  const groupId = randomGroupId('invoices');
  const app = await NestFactory.create(AppModule.register({ brokers: kafka.brokers, groupId, topicPrefix }), { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  try {
    const count = Number(process.env.INVOICES ?? 20);
    for (let i = 1; i <= count; i++) {
      const response = await fetch(`${url}/invoices`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ invoiceId: `INV-${i}`, customerId: `c-${i % 3}`, amountMinor: 100 * i, currency: 'EUR', issuedAt: '2026-12-01T10:00:00Z' }),
      });
      assert.equal(response.status, 202, `POST /invoices answered ${response.status}: ${await response.text()}`);
    }
    const post = (invoice: object) =>
      fetch(`${url}/invoices`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(invoice) });
    const invalid = await post({ invoiceId: 'nope', customerId: 'c-1', amountMinor: -1, currency: 'EUR', issuedAt: '2026-12-01T10:00:00Z' });
    assert.equal(invalid.status, 400, `an invalid invoice answered ${invalid.status}`);
    // Refused by the guard, and closed for good by the filter: both dead-lettered, neither applied.
    assert.equal((await post({ invoiceId: 'INV-900', customerId: 'hold-7', amountMinor: 1, currency: 'EUR', issuedAt: '2026-12-01T10:00:00Z' })).status, 202);
    assert.equal((await post({ invoiceId: 'INV-901', customerId: 'c-1', amountMinor: 10_000_000, currency: 'EUR', issuedAt: '2026-12-01T10:00:00Z' })).status, 202);
    await waitUntilDrained({ kafka: kafka.brokers, group: groupId, topics: [`${topicPrefix}invoices`], timeoutMs: 60_000 });
    const ledger = app.get(Ledger);
    const applied = [...ledger.invoices.keys()].sort();
    assert.deepEqual(applied, Array.from({ length: count }, (_, i) => `INV-${i + 1}`).sort());
    assert.equal(ledger.audited, count, 'the interceptor saw each applied invoice once, and nothing else');
    assert.ok([...ledger.invoices.values()].every((invoice) => invoice.customerId === invoice.customerId.toUpperCase()), 'the pipe ran');
    console.log(JSON.stringify({ applied: applied.length, topic: `${topicPrefix}invoices`, group: groupId }));
  } finally {
    await app.close();
    await kafka.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
