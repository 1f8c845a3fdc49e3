import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { ContenderResult } from '../contenders/contender';
import { benchEvent, VALUE_BYTES } from '../support/bench-records';
import { BenchTopics, PARTITIONS } from '../support/bench-broker';
import { ServiceProcess, startService } from '../support/service-process';
import { summarize } from '../support/stats';
import { ContenderSummary, Scenario, ScenarioContext } from './scenario';

const BATCH = 100;

/** One structured-mode CloudEvent body of the benchmark's order. */
function cloudEvent() {
  const event = benchEvent(randomUUID(), 0);
  return { specversion: '1.0', id: randomUUID(), source: event.source, type: event.type, data: event.data };
}

/** Runs autocannon for `seconds` against POST /events; events/s counts only 202 answers. */
async function hammer(url: string, seconds: number, connections: number, batch: number): Promise<ContenderResult> {
  const single = batch === 1;
  const result = await autocannon({
    url: `${url}/events`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': single ? 'application/cloudevents+json' : 'application/cloudevents-batch+json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(single ? cloudEvent() : Array.from({ length: batch }, cloudEvent)) }) }],
  });
  const accepted = result['2xx'];
  const rate = (accepted * batch) / seconds;
  return {
    count: accepted * batch,
    seconds,
    rate,
    peakRssMb: 0,
    p99Ms: result.latency.p99,
    details: {
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
    },
  };
}

const ADAPTERS = ['express', 'fastify'] as const;

/**
 * HTTP ingest: the producer service under autocannon, single events and batches of 100, each
 * request answered only once Kafka acknowledged it (acks=all), on each HTTP adapter (the two
 * services run side by side on their own topics, and their runs are interleaved).
 */
export const httpIngestScenario: Scenario = async (context: ScenarioContext) => {
  const { plan } = context;
  const topics = new BenchTopics(context.brokers, context.prefix(''));
  const services = new Map<string, ServiceProcess>();
  try {
    for (const adapter of ADAPTERS) {
      const topicPrefix = context.prefix(`http-${adapter}.`);
      await topics.create(topicPrefix);
      services.set(
        adapter,
        await startService('producer', { KAFKA_BROKERS: context.brokers.join(','), KAFKA_TOPIC_PREFIX: topicPrefix, HTTP_ADAPTER: adapter }),
      );
    }
    const modes = [
      { name: 'http-single', label: 'POST /events, one event per request', batch: 1 },
      { name: 'http-batch', label: `POST /events, batches of ${BATCH}`, batch: BATCH },
    ].flatMap((mode) =>
      ADAPTERS.map((adapter) => ({
        ...mode,
        adapter,
        name: `${mode.name}-${adapter}`,
        label: `${adapter[0].toUpperCase()}${adapter.slice(1)}: ${mode.label}`,
      })),
    );
    // Warm-up: connections, JIT, producer metadata.
    for (const service of services.values()) await hammer(service.url, 1, plan.httpConnections, 1);
    const runs = new Map<string, ContenderResult[]>(modes.map((m) => [m.name, []]));
    for (let rep = 0; rep < plan.reps; rep++) {
      for (const mode of modes) {
        const r = await hammer(services.get(mode.adapter)!.url, plan.httpSeconds, plan.httpConnections, mode.batch);
        context.log(
          `  ${mode.label} #${rep + 1}: ${Math.round(r.rate).toLocaleString('en-US')} events/s, p99 ${r.p99Ms} ms, non-2xx ${r.details!.non2xx}, errors ${r.details!.errors}`,
        );
        runs.get(mode.name)!.push(r);
      }
    }
    const contenders: ContenderSummary[] = modes.map((m) => {
      const results = runs.get(m.name)!;
      const p99 = summarize(results.map((r) => r.p99Ms!)).median;
      return { name: m.name, label: m.label, summary: summarize(results.map((r) => r.rate)), results, note: `p99 ${p99} ms` };
    });
    const median = (name: string) => contenders.find((c) => c.name === name)!.summary.median;
    const single = median('http-single-fastify') / median('http-single-express');
    const batch = median('http-batch-fastify') / median('http-batch-express');
    return {
      id: 'http-ingest',
      title: 'HTTP ingest (producer service, Express and Fastify)',
      unit: 'events/s',
      higherIsBetter: true,
      setup: {
        seconds: plan.httpSeconds,
        connections: plan.httpConnections,
        batch: BATCH,
        valueBytes: VALUE_BYTES,
        partitions: PARTITIONS,
        adapters: [...ADAPTERS],
      },
      contenders,
      targets: [
        { description: 'Fastify / Express, single events (informs the default adapter)', value: single, target: 'measured', met: true },
        { description: 'Fastify / Express, batches (informs the default adapter)', value: batch, target: 'measured', met: true },
      ],
    };
  } finally {
    for (const service of services.values()) await service.stop();
    await topics.close();
  }
};
