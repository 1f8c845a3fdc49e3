import { INestApplicationContext, LoggerService, LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import { KafkaModule } from '../kafka.module';
import { KafkaModuleOptions } from '../kafka.options';
import { ProducerService } from '../producer/producer.service';
import { RequestClient } from '../request/request-client';

/** Options of StreamlineClient: KafkaModule's (no consumer), a default request timeout, and how its Nest context logs. */
export interface StreamlineClientOptions extends Omit<KafkaModuleOptions, 'consumer'> {
  /** Milliseconds `send()` waits for the reply before its Observable fails with RequestTimeoutError. Default: 30000. */
  requestTimeoutMs?: number;
  /** Logger of the Kafka module's application context. Default: Nest's default logger. */
  logger?: LoggerService | LogLevel[] | false;
}

/**
 * A `@nestjs/microservices` ClientProxy over Streamline: `emit(type, data)` publishes an event
 * (validated, as ProducerService.publish; the Observable yields its PublishResult), `send(type,
 * data)` is a request (RequestClient.send) whose reply is the Observable's one value. Failures
 * (SchemaValidationError, RequestTimeoutError, RemoteHandlerError, BrokerUnavailableError) are the
 * Observable's error. Register it with `ClientsModule.register([{ name, customClass:
 * StreamlineClient, options }])` or construct it; it connects on first use.
 */
export class StreamlineClient extends ClientProxy {
  private context?: Promise<INestApplicationContext>;

  constructor(private readonly options: StreamlineClientOptions) {
    super();
    if (!options?.brokers?.length) throw new Error('StreamlineClient: options.brokers must list at least one host:port');
  }

  /** Starts KafkaModule (producer and requester) in an application context of its own, once. */
  connect(): Promise<INestApplicationContext> {
    this.context ??= this.start().catch((error: unknown) => {
      this.context = undefined;
      throw error;
    });
    return this.context;
  }

  async close(): Promise<void> {
    const context = this.context;
    this.context = undefined;
    await (await context?.catch(() => undefined))?.close();
  }

  /** The application context holding KafkaModule; undefined before the first `connect()`. */
  unwrap<T = Promise<INestApplicationContext> | undefined>(): T {
    return this.context as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    void (async () => {
      try {
        const type = eventTypeOf(packet.pattern);
        const requester = (await this.connect()).get(RequestClient);
        const response: unknown = await requester.send(type, packet.data as object, { timeout: this.options.requestTimeoutMs ?? 30_000 });
        callback({ response, isDisposed: true });
      } catch (err) {
        callback({ err });
      }
    })();
    // A request cannot be taken back once published; its reply, if it comes after unsubscribing, is ignored.
    return () => undefined;
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const type = eventTypeOf(packet.pattern);
    const producer = (await this.connect()).get(ProducerService);
    return (await producer.publish({ type, data: packet.data as object })) as T;
  }

  private async start(): Promise<INestApplicationContext> {
    const { logger, requestTimeoutMs, ...kafka } = this.options;
    if (requestTimeoutMs !== undefined && !(Number.isFinite(requestTimeoutMs) && requestTimeoutMs > 0)) {
      throw new Error('StreamlineClient: options.requestTimeoutMs must be a positive number of milliseconds');
    }
    @Module({ imports: [KafkaModule.forRoot(kafka)] })
    class StreamlineClientModule {}
    const context = await NestFactory.createApplicationContext(StreamlineClientModule, logger === undefined ? {} : { logger });
    await context.init();
    return context;
  }
}

function eventTypeOf(pattern: unknown): string {
  if (typeof pattern === 'string' && pattern) return pattern;
  throw new Error(`StreamlineClient: the pattern must be an event type such as 'order.placed.v1', not ${JSON.stringify(pattern)}`);
}
