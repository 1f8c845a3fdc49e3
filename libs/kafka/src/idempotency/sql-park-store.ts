import { ParkedEvent, ParkStore } from '../consumer/parking-lot';
import { Database } from './database';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS streamline_parked_keys (
  consumer_group text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL,
  record_key text NOT NULL,
  event_source text NOT NULL,
  event_id text NOT NULL,
  tier integer NOT NULL,
  parked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, topic, partition, record_key)
);
`;

/** Parked keys kept in the consumer's database, beside the processed event ids. */
export class SqlParkStore implements ParkStore {
  constructor(
    private readonly db: Database,
    private readonly group: string,
  ) {}

  async init(): Promise<void> {
    await this.db.exec(SCHEMA);
  }

  async load(topic: string, partition: number): Promise<Map<string, ParkedEvent>> {
    const { rows } = await this.db.query<{ record_key: string; event_source: string; event_id: string; tier: number }>(
      'SELECT record_key, event_source, event_id, tier FROM streamline_parked_keys WHERE consumer_group = $1 AND topic = $2 AND partition = $3',
      [this.group, topic, partition],
    );
    return new Map(rows.map((r) => [r.record_key, { source: r.event_source, id: r.event_id, tier: Number(r.tier) }]));
  }

  async park(topic: string, partition: number, key: string, event: ParkedEvent): Promise<void> {
    await this.db.query(
      `INSERT INTO streamline_parked_keys (consumer_group, topic, partition, record_key, event_source, event_id, tier)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (consumer_group, topic, partition, record_key)
       DO UPDATE SET event_source = EXCLUDED.event_source, event_id = EXCLUDED.event_id, tier = EXCLUDED.tier, parked_at = now()`,
      [this.group, topic, partition, key, event.source, event.id, event.tier],
    );
  }

  async release(topic: string, partition: number, key: string, event: Pick<ParkedEvent, 'source' | 'id'>): Promise<void> {
    await this.db.query(
      'DELETE FROM streamline_parked_keys WHERE consumer_group = $1 AND topic = $2 AND partition = $3 AND record_key = $4 AND event_source = $5 AND event_id = $6',
      [this.group, topic, partition, key, event.source, event.id],
    );
  }
}
