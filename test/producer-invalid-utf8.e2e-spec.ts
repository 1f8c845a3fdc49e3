import { randomUUID } from 'node:crypto';
import { AppProcess, startApp } from './support/app-process';
import { kcatHeaders } from './support/kcat-headers';
import { dataFor } from './support/producer-client';
import { randomName } from './support/random-names';
import { RawHeader, rawRequest } from '../apps/faults/src/traffic/raw-http';
import { testBrokers } from './support/test-broker';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
/** `text` followed by bytes that are no UTF-8, and the offset of the first of them. */
const broken = (text: string, ...bytes: number[]) => ({ value: Buffer.concat([utf8(text), Buffer.from(bytes)]), at: utf8(text).length });

const binaryHeaders = (id: Buffer | string, extra: RawHeader[] = []): RawHeader[] => [
  ['Content-Type', 'application/json'],
  ['ce-specversion', '1.0'],
  ['ce-type', 'order.placed.v1'],
  ['ce-source', '/utf8-spec'],
  ['ce-id', id],
  ...extra,
];
const structuredEvent = (id: string) => ({ specversion: '1.0', id, source: '/utf8-spec', type: 'order.placed.v1', data: dataFor('order.placed.v1') });
/** A JSON body with raw bytes in place of `@@` (JSON.stringify cannot produce them). */
const withBytes = (json: string, bytes: number[]) =>
  Buffer.concat([utf8(json.slice(0, json.indexOf('@@'))), Buffer.from(bytes), utf8(json.slice(json.indexOf('@@') + 2))]);

/**
 * Finding 4 of the fault report: header values and bodies that were not UTF-8 were accepted and
 * stored with replacement characters, so different ids became one identity. Requests go out as
 * raw bytes over TCP; kcat reads back what the topic holds.
 */
describe.each(['express', 'fastify'])('producer ingest of text that is not UTF-8, on %s', (adapter) => {
  const prefix = `${randomName(`utf8-${adapter}`)}.`;
  const orders = `${prefix}orders`;
  let producer: AppProcess;
  /** Ids (as UTF-8 bytes) answered 202. */
  const accepted: Buffer[] = [];

  beforeAll(async () => {
    producer = await startApp('producer', { HTTP_ADAPTER: adapter, KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix });
  });
  afterAll(async () => {
    await producer?.stop();
  });

  it('answers 400 naming a binary-mode ce- header whose bytes are not UTF-8, where it used to accept and re-encode it', async () => {
    const data = JSON.stringify(dataFor('order.placed.v1'));
    const id = broken(`bad-${randomUUID()}-`, 0xff);
    const cases: [string, RawHeader[], number][] = [
      ['ce-id', binaryHeaders(id.value), id.at],
      ['ce-source', [...binaryHeaders(`bad-${randomUUID()}`).filter(([n]) => n !== 'ce-source'), ['ce-source', broken('/shop/', 0xc3, 0x28).value]], 6],
      ['ce-subject', binaryHeaders(`bad-${randomUUID()}`, [['ce-subject', broken('caf', 0xe9).value]]), 3],
      ['ce-time', binaryHeaders(`bad-${randomUUID()}`, [['ce-time', broken('', 0xed, 0xa0, 0x80).value]]), 0],
      ['ce-traceparent', binaryHeaders(`bad-${randomUUID()}`, [['ce-traceparent', broken('00-', 0xc0, 0xaf).value]]), 3],
    ];
    for (const [field, headers, at] of cases) {
      const answer = await rawRequest(producer.port, headers, data);
      expect({ field, status: answer.status, body: answer.body }).toEqual({
        field,
        status: 400,
        body: {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: `${field} is not valid UTF-8 at byte ${at}`,
          fields: [{ field, messages: [`${field} is not valid UTF-8 at byte ${at}`] }],
        },
      });
    }
  });

  it('answers 400 for a structured, binary or batch body holding bytes that are not UTF-8, naming the byte', async () => {
    const structured = JSON.stringify(structuredEvent(`bad-${randomUUID()}-@@`));
    for (const bytes of [[0xff], [0xfe], [0xef, 0xbf]]) {
      const body = withBytes(structured, bytes);
      const answer = await rawRequest(producer.port, [['Content-Type', 'application/cloudevents+json']], body);
      expect(answer.status).toBe(400);
      expect(answer.body.detail).toBe(`body is not valid UTF-8 at byte ${structured.indexOf('@@')}`);
    }
    const data = JSON.stringify({ ...dataFor('order.placed.v1'), customerId: 'c-@@' });
    const binary = await rawRequest(producer.port, binaryHeaders(`bad-${randomUUID()}`), withBytes(data, [0x80]));
    expect(binary.body.fields).toEqual([{ field: 'body', messages: [`body is not valid UTF-8 at byte ${data.indexOf('@@')}`] }]);

    const batch = JSON.stringify([structuredEvent(`bad-${randomUUID()}`), structuredEvent(`bad-${randomUUID()}-@@`)]);
    const answer = await rawRequest(producer.port, [['Content-Type', 'application/cloudevents-batch+json']], withBytes(batch, [0xf8, 0x88, 0x80, 0x80, 0x80]));
    expect([answer.status, answer.body.detail]).toEqual([400, `body is not valid UTF-8 at byte ${batch.indexOf('@@')}`]);
  });

  it('answers 400 for ids that differ only in unpaired surrogate escapes, which would all be stored as U+FFFD', async () => {
    for (const escape of ['\\ud800', '\\udfff']) {
      const body = JSON.stringify(structuredEvent(`bad-${randomUUID()}-@@`)).replace('@@', escape);
      const answer = await rawRequest(producer.port, [['Content-Type', 'application/cloudevents+json']], body);
      expect([answer.status, answer.body.fields?.map((f: { field: string }) => f.field)]).toEqual([400, ['id']]);
    }
  });

  it('answers 400 to a repeated ce-id, which Node joins into one id "a, b"', async () => {
    const answer = await rawRequest(
      producer.port,
      binaryHeaders(`bad-${randomUUID()}`, [['ce-id', `bad-${randomUUID()}`]]),
      JSON.stringify(dataFor('order.placed.v1')),
    );
    expect([answer.status, answer.body.fields]).toEqual([400, [{ field: 'ce-id', messages: ['ce-id appears 2 times; an attribute takes one value'] }]]);
  });

  it('accepts valid non-ASCII ids, sources and subjects in every mode', async () => {
    const binaryId = utf8(`commande-é-${randomUUID()}`);
    const binary = await rawRequest(producer.port, binaryHeaders(binaryId, [['ce-subject', utf8('café ☕')]]), JSON.stringify(dataFor('order.placed.v1')));
    expect(binary.status).toBe(202);
    expect(binary.body.id).toBe(binaryId.toString('utf8'));
    accepted.push(binaryId);

    const structuredId = `注文-${randomUUID()}-😀`;
    const structured = await rawRequest(producer.port, [['Content-Type', 'application/cloudevents+json']], utf8(JSON.stringify(structuredEvent(structuredId))));
    expect([structured.status, structured.body.id]).toEqual([202, structuredId]);
    accepted.push(utf8(structuredId));

    const batchIds = [`Bestellung-ü-${randomUUID()}`, `\ufeffbom-${randomUUID()}`];
    const batch = await rawRequest(
      producer.port,
      [['Content-Type', 'application/cloudevents-batch+json']],
      utf8(JSON.stringify(batchIds.map(structuredEvent))),
    );
    expect(batch.status).toBe(202);
    accepted.push(...batchIds.map(utf8));
  });

  it('leaves on the topic exactly the accepted events, their ids and subjects byte for byte as sent', async () => {
    const stored = await kcatHeaders(orders);
    const ids = stored.map((headers) => headers.get('ce_id')!);
    expect(ids.map((id) => id.toString('hex')).sort()).toEqual(accepted.map((id) => id.toString('hex')).sort());
    expect(ids.filter((id) => id.toString('latin1').startsWith('bad-'))).toEqual([]);
    const subject = stored.find((headers) => headers.get('ce_id')!.equals(accepted[0]))!.get('ce_subject');
    expect(subject?.toString('hex')).toBe(utf8('café ☕').toString('hex'));
    expect(stored.every((headers) => headers.get('ce_source')!.equals(utf8('/utf8-spec')))).toBe(true);
  });
});
