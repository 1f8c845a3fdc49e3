import { LoadEvent, LoadSender, SendFailure } from './load-sender';

/**
 * Posts events to the producer service's `POST /events`: one structured-mode CloudEvent per
 * request, or CloudEvents batches (`application/cloudevents-batch+json`) when batching.
 */
export class HttpSender implements LoadSender {
  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async send(events: LoadEvent[]): Promise<void> {
    const bodies = events.map(({ id, source, type, time, data }) => ({ specversion: '1.0', id, source, type, time, data }));
    const single = bodies.length === 1;
    const response = await fetch(`${this.url}/events`, {
      method: 'POST',
      headers: { 'content-type': single ? 'application/cloudevents+json' : 'application/cloudevents-batch+json' },
      body: JSON.stringify(single ? bodies[0] : bodies),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    if (response.status !== 202 && response.status !== 200 && response.status !== 201) {
      throw new SendFailure(`http-${response.status}`, `${response.status}: ${text.slice(0, 300)}`);
    }
  }

  async close(): Promise<void> {}
}
