import { INestApplicationContext, LoggerService, LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { EventEnvelope } from '@streamline/schemas';
import { KafkaModule } from '../kafka.module';
import { ConsumerOptions, KafkaModuleOptions } from '../kafka.options';
import { ExternalHandler, HandlerContext } from '../consumer/handler-context';
import { StreamlineRpcContext } from './streamline-rpc.context';
import { toHandlerFailure } from './rpc-failure';

/** Options of StreamlineServer: KafkaModule's, with the consumer's, and how its own Nest context logs. */
export interface StreamlineServerOptions extends KafkaModuleOptions {
  consumer: ConsumerOptions;
  /** Logger of the Kafka module's application context. Default: Nest's default logger. */
  logger?: LoggerService | LogLevel[] | false;
}

/**
 * A `@nestjs/microservices` transport strategy that runs the app's `@EventPattern` and
 * `@MessagePattern` handlers on Streamline's consumer runtime: `app.connectMicroservice({ strategy:
 * new StreamlineServer(options) })`. Patterns are event types; a handler gets the event's data as
 * `@Payload()` and a StreamlineRpcContext as `@Ctx()`; a `@MessagePattern`'s result is the reply
 * to a request. `listen()` starts KafkaModule in an application context of its own, with the
 * patterns given to the runtime as `consumer.handlers`; `close()` shuts it down.
 */
export class StreamlineServer extends Server implements CustomTransportStrategy {
  override readonly transportId = Symbol.for('streamline');
  private context?: INestApplicationContext;

  constructor(private readonly options: StreamlineServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown, ...info: unknown[]) => void): Promise<void> {
    try {
      const handlers = [...this.messageHandlers].map(([pattern, handler]) => this.externalHandler(pattern, handler));
      const { logger, ...kafka } = this.options;
      @Module({ imports: [KafkaModule.forRoot({ ...kafka, consumer: { ...kafka.consumer, handlers: [...(kafka.consumer.handlers ?? []), ...handlers] } })] })
      class StreamlineTransportModule {}
      this.context = await NestFactory.createApplicationContext(StreamlineTransportModule, logger === undefined ? {} : { logger });
      await this.context.init();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Shutdown as the runtime does it: stop fetching, finish in-flight events, commit, leave the group. */
  async close(): Promise<void> {
    const context = this.context;
    this.context = undefined;
    await context?.close();
  }

  /** The application context holding KafkaModule (ConsumerRuntime, ProducerService, RequestClient); undefined before `listen()`. */
  unwrap<T = INestApplicationContext | undefined>(): T {
    return this.context as T;
  }

  on(): never {
    throw new Error('StreamlineServer has no events to listen to; read ConsumerRuntime.ready from unwrap() for readiness');
  }

  private externalHandler(pattern: string, handler: MessageHandler): ExternalHandler {
    const decorator = handler.isEventHandler ? '@EventPattern' : '@MessagePattern';
    if (isStructured(pattern)) {
      throw new Error(`${decorator}(${pattern}): StreamlineServer routes by event type; use a registered type such as 'order.placed.v1' as the pattern`);
    }
    return {
      type: pattern,
      source: `${decorator}('${pattern}')`,
      handle: async (event: EventEnvelope, context: HandlerContext) => {
        let result: unknown;
        try {
          const returned: unknown = await handler(event.data, new StreamlineRpcContext([event, context]));
          result = isObservable(returned) ? await lastValueFrom(returned, { defaultValue: undefined }) : returned;
        } catch (failure) {
          throw toHandlerFailure(failure, `${decorator}('${pattern}')`);
        }
        // An event handler's result (several handlers of one pattern are joined) is no reply.
        return handler.isEventHandler ? undefined : result;
      },
    };
  }
}

/** A pattern Nest normalised from an object (`{ cmd: 'sum' }`), not an event type. */
function isStructured(pattern: string): boolean {
  return pattern.startsWith('{') || pattern.startsWith('[');
}
