import 'reflect-metadata';
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
  INestApplication,
  NestInterceptor,
  ParseIntPipe,
  Scope,
  UseFilters,
  UseGuards,
  UseInterceptors,
  ValidationPipe,
} from '@nestjs/common';
import { DiscoveryModule, REQUEST } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { IsString, Matches } from 'class-validator';
import { map } from 'rxjs';
import { orderRegistry } from '@streamline/orders';
import { EventEnvelope } from '@streamline/schemas';
import { GuardRefusedError } from '../errors/guard-refused.error';
import { MODULE_OPTIONS_TOKEN } from '../kafka.constants';
import { HandlerError } from '../errors/kafka.errors';
import { EventBatchHandler, EventHandler } from './event-handler.decorator';
import { BatchContext, HandlerContext } from './handler-context';
import { DiscoveredHandlers, HandlerDiscovery } from './handler-discovery';
import { HandlerInvoker } from './handler-invoker';
import { Ctx, Payload } from './handler-params.decorator';
import { contextOf, eventOf, StreamlineContextType, StreamlineRequest } from './streamline-context';
import { isRetriable } from './retry-router';

const seen: string[] = [];

@Injectable()
class Tagger {
  tag(text: string) {
    return `tagged:${text}`;
  }
}

class Customer {
  @IsString()
  @Matches(/^customer-/)
  customerId!: string;
}

@Injectable()
class RefuseBlocked implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return (eventOf(context) as EventEnvelope<{ customerId: string }>).data.customerId !== 'blocked';
  }
}

@Injectable()
class Recorder implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    const event = context.switchToRpc().getData<EventEnvelope>();
    const attempt = context.switchToRpc().getContext<HandlerContext>().attempt;
    seen.push(`before ${context.getType<StreamlineContextType>()} ${Array.isArray(event) ? 'batch' : event.id} attempt ${attempt}`);
    return next.handle().pipe(map((result: unknown) => (seen.push(`after ${JSON.stringify(result)}`), result)));
  }
}

class Everywhere implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    seen.push(`global ${context.getType()}`);
    return next.handle();
  }
}

/** Maps the pipe's and the handler's errors to "do not retry"; settles a "recoverable" error with a value. */
@Catch()
class NoRetryFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    if (exception instanceof Error && exception.message === 'recoverable') return { settledBy: 'filter', type: contextOf(host) && 'streamline' };
    if (exception instanceof BadRequestException) throw new HandlerError('invalid order for this handler', false, { cause: exception });
    return undefined; // anything else goes on as it was
  }
}

@Injectable()
@UseInterceptors(Recorder)
class OrdersHandler {
  constructor(private readonly tagger: Tagger) {}

  @EventHandler('order.placed.v1')
  @UseGuards(RefuseBlocked)
  @UseFilters(NoRetryFilter)
  placed(@Payload('data', new ValidationPipe({ transform: true })) data: Customer, @Ctx() context: HandlerContext) {
    if (data.customerId === 'customer-fails') throw new Error('transient');
    if (data.customerId === 'customer-recovers') throw new Error('recoverable');
    return { customer: data instanceof Customer && this.tagger.tag(data.customerId), offset: context.offset };
  }

  @EventBatchHandler('order.paid.v1', { maxSize: 10 })
  paid(@Payload('id') ids: string[], @Ctx() context: BatchContext) {
    return `${ids.join('+')}@${context.partition}`;
  }
}

@Injectable()
class PlainHandler {
  @EventHandler('order.shipped.v1')
  shipped(event: EventEnvelope, context: HandlerContext) {
    return [event.type, context.attempt];
  }

  @EventHandler('payment.failed.v1')
  failed(@Payload('data', ParseIntPipe) notANumber: number) {
    return notANumber;
  }
}

let created = 0;

@Injectable({ scope: Scope.REQUEST })
class PerEvent {
  readonly serial = ++created;
  constructor(@Inject(REQUEST) readonly request: StreamlineRequest) {}
}

@Injectable()
class ScopedHandler {
  constructor(
    private readonly perEvent: PerEvent,
    private readonly tagger: Tagger,
  ) {}

  @EventHandler('order.cancelled.v1')
  cancelled(event: EventEnvelope) {
    return { serial: this.perEvent.serial, sameEvent: (this.perEvent.request.data as EventEnvelope).id === event.id, tag: this.tagger.tag('x') };
  }
}

@Injectable({ scope: Scope.TRANSIENT })
class TransientHandler {
  constructor(private readonly tagger: Tagger) {}

  @EventHandler('payment.authorized.v1')
  authorized() {
    return this.tagger.tag('transient');
  }
}

let ids = 0;

/** An envelope as the runtime hands it over (the handlers here do not care whether its data is valid). */
function event(type: string, data: object): EventEnvelope {
  return { id: `event-${++ids}`, source: '/spec', type, specversion: '1.0', time: '2026-01-01T00:00:00Z', datacontenttype: 'application/json', data };
}

const context: HandlerContext = { topic: 'orders', partition: 2, offset: '41', key: 'k', attempt: 1 };

describe('handlers run as Nest handlers (enhancers, parameters, scopes)', () => {
  let app: INestApplication;
  let handlers: DiscoveredHandlers;

  beforeAll(async () => {
    const module = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [
        { provide: MODULE_OPTIONS_TOKEN, useValue: {} },
        HandlerDiscovery,
        HandlerInvoker,
        Tagger,
        RefuseBlocked,
        OrdersHandler,
        PlainHandler,
        PerEvent,
        ScopedHandler,
        TransientHandler,
      ],
    }).compile();
    app = module.createNestApplication({ logger: false });
    app.useGlobalInterceptors(new Everywhere());
    await app.init();
    handlers = await app.get(HandlerDiscovery).discover(orderRegistry);
  });
  afterAll(() => app.close());
  beforeEach(() => (seen.length = 0));

  const placed = (customerId: string) => handlers.single.get('order.placed.v1')!(event('order.placed.v1', { customerId }), context);

  it('runs global and class interceptors around the handler, which gets the piped data and its context, and returns its result', async () => {
    const result = await placed('customer-1');
    expect(result).toEqual({ customer: 'tagged:customer-1', offset: '41' });
    expect(seen).toEqual([
      `global streamline`,
      expect.stringMatching(/^before streamline event-\d+ attempt 1$/),
      'after {"customer":"tagged:customer-1","offset":"41"}',
    ]);
  });

  it('refuses an event with a non-retriable error naming the guard and the handler, before any interceptor runs', async () => {
    const refusal = placed('blocked');
    await expect(refusal).rejects.toThrow(GuardRefusedError);
    await expect(refusal).rejects.toThrow('guard RefuseBlocked refused the event for OrdersHandler.placed');
    expect(isRetriable(await refusal.catch((e: unknown) => e))).toBe(false);
    expect(seen).toEqual([]);
  });

  it('lets a filter map a pipe failure to "do not retry", settle an error with a value, or leave an error as it was', async () => {
    const invalid = await placed('somebody').catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(HandlerError);
    expect(isRetriable(invalid)).toBe(false);
    expect((invalid as HandlerError).cause).toBeInstanceOf(BadRequestException);
    await expect(placed('customer-recovers')).resolves.toEqual({ settledBy: 'filter', type: 'streamline' });
    const transient = await placed('customer-fails').catch((e: unknown) => e);
    expect(transient).toEqual(new Error('transient'));
    expect(isRetriable(transient)).toBe(true);
  });

  it('keeps calling an undecorated method with (event, context)', async () => {
    await expect(handlers.single.get('order.shipped.v1')!(event('order.shipped.v1', {}), { ...context, attempt: 3 })).resolves.toEqual(['order.shipped.v1', 3]);
  });

  it('applies a pipe on @Payload(property) and lets its error through unchanged when no filter maps it', async () => {
    await expect(handlers.single.get('payment.failed.v1')!(event('payment.failed.v1', {}), context)).rejects.toThrow(BadRequestException);
  });

  it('runs a batch handler through the same chain, @Payload(property) taking that property of each event', async () => {
    const events = [event('order.paid.v1', {}), event('order.paid.v1', {})];
    const result = await handlers.batch.get('order.paid.v1')!.handle(events, { topic: 'orders', partition: 4, attempt: 2 });
    expect(result).toBe(`${events[0].id}+${events[1].id}@4`);
    expect(seen).toEqual(['global streamline', 'before streamline batch attempt 2', `after ${JSON.stringify(result)}`]);
  });

  it('gives a request-scoped dependency a fresh instance per event, with the event as REQUEST', async () => {
    const handle = handlers.single.get('order.cancelled.v1')!;
    const first = (await handle(event('order.cancelled.v1', {}), context)) as { serial: number; sameEvent: boolean; tag: string };
    const second = (await handle(event('order.cancelled.v1', {}), context)) as { serial: number; sameEvent: boolean; tag: string };
    expect(first).toMatchObject({ sameEvent: true, tag: 'tagged:x' });
    expect(second).toMatchObject({ sameEvent: true, tag: 'tagged:x' });
    expect(second.serial).toBeGreaterThan(first.serial);
  });

  it('gives a transient provider its dependencies', async () => {
    await expect(handlers.single.get('payment.authorized.v1')!(event('payment.authorized.v1', {}), context)).resolves.toBe('tagged:transient');
  });
});
