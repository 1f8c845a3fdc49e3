import { Command, Help, Option } from 'nest-commander';
import { ProducerService, PublishResult } from '@streamline/kafka';
import { createEnvelope, EventEnvelope, NewEvent, SchemaValidationError } from '@streamline/schemas';
import { orderRegistry, SampleEventGenerator } from '@streamline/orders';
import { topicBounds } from '../kafka/topic-positions';
import { CommandFailedError, UsageError } from '../errors/cli.errors';
import { KafkaCommand } from '../kafka/kafka-command';
import { KafkaConnection } from '../kafka/kafka-connection';
import { Printer } from '../output/printer';
import { Progress } from '../output/progress';
import { parseCount } from '../shared/flag-parsers';
import { readEventInput } from './event-input';

interface ProduceOptions {
  data?: string;
  sample?: number;
  seed?: string;
  source?: string;
  id?: string;
  json?: boolean;
}

const BATCH = 500;

/** `streamline produce <type>`: one event from a file or stdin, or generated sample events; validated before anything is sent. */
@Command({
  name: 'produce',
  arguments: '<type>',
  argsDescription: { type: 'event type, e.g. order.placed.v1' },
  description: 'publish one event from --data, or --sample N generated events; every event is validated first',
})
export class ProduceCommand extends KafkaCommand<ProduceOptions> {
  constructor(
    connection: KafkaConnection,
    private readonly printer: Printer,
  ) {
    super(connection);
  }

  protected async execute([type]: string[], options: ProduceOptions): Promise<void> {
    if (!orderRegistry.types().includes(type)) throw new UsageError(`unknown event type "${type}"; known: ${orderRegistry.types().join(', ')}`);
    if ((options.data === undefined) === (options.sample === undefined)) throw new UsageError('give either --data <file|-> or --sample <count>');
    const source = options.source ?? '/streamline/cli';
    const events: NewEvent[] =
      options.data !== undefined ? [readEventInput(options.data, type, { source, id: options.id })] : drawSamples(type, options.sample!, options.seed, source);
    const envelopes = events.map(validate);
    const topic = this.connection.topic(orderRegistry.topicFor(type)!.name);
    await topicBounds(this.connection, topic).catch((error: unknown) => {
      throw error instanceof CommandFailedError
        ? new CommandFailedError(`${error.message}; create the registry's topics with: streamline topics create`)
        : error;
    });

    const producer = new ProducerService(
      this.connection.kafka(),
      { brokers: this.connection.brokers, topicPrefix: this.connection.prefix, registry: orderRegistry },
      orderRegistry,
    );
    const progress = envelopes.length > 1 ? new Progress('produce', envelopes.length, { json: options.json, unit: 'events' }) : undefined;
    try {
      await this.connection.bounded(producer.ensureConnected(), 'connecting a producer');
      for (let i = 0; i < envelopes.length; i += BATCH) {
        const results = await producer.sendEnvelopes(envelopes.slice(i, i + BATCH));
        for (const result of results) this.report(result, options, progress);
        progress?.increment(results.length);
      }
      progress?.stop();
      if (envelopes.length > 1) this.printer.note(`published ${envelopes.length} ${type} event(s)`);
    } finally {
      progress?.stop();
      await producer.onApplicationShutdown();
    }
  }

  private report(result: PublishResult, options: ProduceOptions, progress?: Progress): void {
    const line = options.json ? JSON.stringify(result) : `${result.type} ${result.id} -> ${result.topic}/${result.partition}@${result.offset}`;
    if (progress) progress.log(line);
    else this.printer.line(line);
  }

  @Option({ flags: '--data <file>', description: "the event's data (or a whole CloudEvent) as JSON, from a file or - for stdin" })
  parseData(value: string): string {
    return value;
  }

  @Option({ flags: '--sample <count>', description: 'publish this many generated, schema-valid events instead' })
  parseSample(value: string): number {
    return parseCount(value, '--sample');
  }

  @Option({ flags: '--seed <seed>', description: 'seed of --sample: the same seed publishes the same events' })
  parseSeed(value: string): string {
    return value;
  }

  @Option({ flags: '--source <uri>', description: 'CloudEvents source (default: /streamline/cli)' })
  parseSource(value: string): string {
    return value;
  }

  @Option({ flags: '--id <id>', description: 'CloudEvents id of the --data event (default: a new UUID)' })
  parseId(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'one JSON object per published event: id, type, topic, partition, offset' })
  parseJson(): boolean {
    return true;
  }

  @Help('after')
  example(): string {
    return [
      '',
      'Examples:',
      '  $ streamline produce order.placed.v1 --data order.json',
      '  $ echo \'{"orderId":"…","paymentId":"p-1","amount":25,"currency":"EUR","paidAt":"2026-11-23T10:00:00Z"}\' | streamline produce order.paid.v1 --data -',
      '  $ streamline produce order.placed.v1 --sample 1000 --seed 42',
    ].join('\n');
  }
}

function drawSamples(type: string, count: number, seed: string | undefined, source: string): NewEvent[] {
  const generator = new SampleEventGenerator({ seed, source });
  return Array.from({ length: count }, () => generator.next(type));
}

function validate(event: NewEvent): EventEnvelope {
  try {
    return createEnvelope(orderRegistry, event);
  } catch (error) {
    if (error instanceof SchemaValidationError) {
      const fields = error.fields.map((f) => `  - ${f.field}: ${f.messages.join('; ')}`).join('\n');
      throw new CommandFailedError(`the ${event.type} event is invalid; nothing was published:\n${fields}`);
    }
    throw error;
  }
}
