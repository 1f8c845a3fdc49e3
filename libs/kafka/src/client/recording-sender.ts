import { OutgoingRecord, RecordOutcome, RecordSender } from './record-sender';

/** A RecordSender that keeps what it is given, for specs of the code that writes retries and dead letters. */
export class RecordingSender implements RecordSender {
  sent: { topic: string; record: OutgoingRecord }[] = [];
  connected = true;
  connect = async () => undefined;
  disconnect = async () => undefined;

  async send(records: OutgoingRecord[]): Promise<RecordOutcome[]> {
    records.forEach((record) => this.sent.push({ topic: record.topic, record }));
    return records.map(({ topic, partition }) => ({ topic, partition, offset: '0' }));
  }
}
