import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import {
  ArgumentsHost,
  BadRequestException,
  CallHandler,
  CanActivate,
  Catch,
  ExceptionFilter,
  ExecutionContext,
  Inject,
  Injectable,
  INestApplicationContext,
  Module,
  NestInterceptor,
  Scope,
  UseFilters,
  UseGuards,
  UseInterceptors,
  ValidationPipe,
} from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory, REQUEST } from '@nestjs/core';
import { ArrayMaxSize, IsArray, IsString } from 'class-validator';
import { tap } from 'rxjs';
import {
  Ctx,
  EventHandler,
  HandlerContext,
  HandlerError,
  KafkaModule,
  Payload,
  ProducerService,
  StreamlineContextType,
  StreamlineRequest,
} from '@streamline/kafka';
import { orderRegistry, sampleEvents } from '@streamline/orders';
import { DEAD_LETTER_HEADERS, deadLetterTopicFor, EventEnvelope } from '@streamline/schemas';
import { kcatHeaders } from './support/kcat-headers';
import { orderPlacedData } from './support/orders';
import { randomName } from './support/random-names';
import { testBrokers, testClient } from './support/test-broker';
import { waitFor } from './support/wait-for';

/** What the enhancers and handlers saw, in order. */
const seen: string[] = [];
const results = new Map<string, unknown>();

/** The shape this handler accepts: at most two lines per order (stricter than the event's schema). */
class SmallOrder {
  @IsString()
  customerId!: string;

  @IsArray()
  @ArrayMaxSize(2)
  items!: unknown[];
}

@Injectable()
class RefuseBlockedCustomers implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToRpc().getData<EventEnvelope<SmallOrder>>().data.customerId !== 'customer-blocked';
  }
}

/** Sees each event and its handler's result. */
@Injectable()
class ResultRecorder implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    const event = context.switchToRpc().getData<EventEnvelope>();
    const { attempt } = context.switchToRpc().getContext<HandlerContext>();
    return next.handle().pipe(tap((result: unknown) => results.set(`${event.id}#${attempt}`, result)));
  }
}

@Injectable()
class EverywhereInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    if (context.getType<StreamlineContextType>() === 'streamline') seen.push(`global ${context.switchToRpc().getData<EventEnvelope>().id}`);
    return next.handle();
  }
}

/** An order this handler cannot take is not worth retrying. */
@Catch(BadRequestException)
class TooBigIsFinal implements ExceptionFilter {
  catch(exception: BadRequestException, host: ArgumentsHost) {
    void host;
    throw new HandlerError('order too big for this handler', false, { cause: exception });
  }
}

@Injectable()
class OrdersHandler {
  @EventHandler('order.placed.v1')
  @UseGuards(RefuseBlockedCustomers)
  @UseInterceptors(ResultRecorder)
  @UseFilters(TooBigIsFinal)
  placed(@Payload('data', new ValidationPipe({ transform: true })) order: SmallOrder, @Ctx() context: HandlerContext) {
    if (order.customerId === 'customer-flaky' && context.attempt === 1) throw new Error('flaky downstream');
    return { lines: order.items.length, validated: order instanceof SmallOrder, attempt: context.attempt };
  }
}

let instances = 0;

/** A unit of work per event: a fresh instance each time, holding the event it serves. */
@Injectable({ scope: Scope.REQUEST })
class CancellationWork {
  readonly serial = ++instances;
  constructor(@Inject(REQUEST) readonly request: StreamlineRequest) {}
}

@Injectable()
class CancellationsHandler {
  constructor(private readonly work: CancellationWork) {}

  @EventHandler('order.cancelled.v1')
  @UseInterceptors(ResultRecorder)
  cancelled(event: EventEnvelope) {
    return { serial: this.work.serial, requestEventId: (this.work.request.data as EventEnvelope).id, eventId: event.id };
  }
}

/** Handlers of an app's own providers run as Nest handlers (guards, interceptors, pipes, filters, scopes), on a real broker. */
describe('Nest-native handlers against a real broker', () => {
  const prefix = `${randomName('nest')}.`;
  const group = randomName('nest-group');
  let app: INestApplicationContext;
  let producer: ProducerService;

  beforeAll(async () => {
    @Module({
      imports: [
        KafkaModule.forRoot({
          brokers: testBrokers(),
          client: testClient(),
          registry: orderRegistry,
          createTopics: true,
          topicPrefix: prefix,
          producer: { defaultSource: '/nest-handlers' },
          consumer: { groupId: group, retryDelaysMs: [300], fromBeginning: true },
        }),
      ],
      providers: [
        OrdersHandler,
        CancellationsHandler,
        CancellationWork,
        RefuseBlockedCustomers,
        ResultRecorder,
        { provide: APP_INTERCEPTOR, useClass: EverywhereInterceptor },
      ],
    })
    class HandlersApp {}
    app = await NestFactory.createApplicationContext(HandlersApp, { logger: false });
    await app.init();
    producer = app.get(ProducerService);
  });
  afterAll(() => app?.close());

  it('guards, pipes, filters and interceptors decide what each event becomes: handled, retried, or dead-lettered at once', async () => {
    const order = (customerId: string, lines = 1) => {
      const data = orderPlacedData(randomUUID());
      return { type: 'order.placed.v1', id: randomUUID(), data: { ...data, customerId, items: Array.from({ length: lines }, () => data.items[0]) } };
    };
    const ok = order('customer-ok', 2);
    const blocked = order('customer-blocked');
    const tooBig = order('customer-big', 3);
    const flaky = order('customer-flaky');
    for (const event of [ok, blocked, tooBig, flaky]) await producer.publish(event);

    await waitFor('the good and the flaky order handled', () => results.has(`${ok.id}#1`) && results.has(`${flaky.id}#2`));
    expect(results.get(`${ok.id}#1`)).toEqual({ lines: 2, validated: true, attempt: 1 });
    // Not mapped by a filter, the flaky error kept the runtime's semantics: retry tier 1, then handled.
    expect(results.get(`${flaky.id}#2`)).toEqual({ lines: 1, validated: true, attempt: 2 });
    expect(seen).toEqual(expect.arrayContaining([`global ${ok.id}`, `global ${flaky.id}`]));

    const deadLetters = await waitFor('two dead letters', async () => {
      const records = await kcatHeaders(deadLetterTopicFor(`${prefix}orders`, group));
      return records.length >= 2 && records;
    });
    const byId = new Map(deadLetters.map((headers) => [headers.get('ce_id')!.toString(), headers]));
    expect(deadLetters).toHaveLength(2);
    const refused = byId.get(blocked.id)!;
    expect(refused.get(DEAD_LETTER_HEADERS.reason)!.toString()).toBe('guard-refused');
    expect(refused.get(DEAD_LETTER_HEADERS.message)!.toString()).toBe('guard RefuseBlockedCustomers refused the event for OrdersHandler.placed');
    expect(refused.get(DEAD_LETTER_HEADERS.attempts)!.toString()).toBe('1');
    const invalid = byId.get(tooBig.id)!;
    expect(invalid.get(DEAD_LETTER_HEADERS.reason)!.toString()).toBe('handler-failed');
    expect(invalid.get(DEAD_LETTER_HEADERS.message)!.toString()).toBe('order too big for this handler');
    expect(invalid.get(DEAD_LETTER_HEADERS.attempts)!.toString()).toBe('1');
    // Refused before the handler: neither the method's interceptor nor the global one saw it.
    expect([...results.keys()].some((key) => key.startsWith(blocked.id))).toBe(false);
    expect(seen).not.toContain(`global ${blocked.id}`);
  });

  it('gives a request-scoped dependency a fresh instance per event, holding that event', async () => {
    const events = sampleEvents(3, 'order.cancelled.v1').map((event) => ({ ...event, id: randomUUID() }));
    for (const event of events) await producer.publish(event);
    const handled = await waitFor('three cancellations handled', () => {
      const all = events.map((event) => results.get(`${event.id}#1`) as { serial: number; requestEventId: string; eventId: string } | undefined);
      return all.every(Boolean) && (all as { serial: number; requestEventId: string; eventId: string }[]);
    });
    for (const result of handled) expect(result.requestEventId).toBe(result.eventId);
    expect(new Set(handled.map((result) => result.serial)).size).toBe(3);
  });
});
