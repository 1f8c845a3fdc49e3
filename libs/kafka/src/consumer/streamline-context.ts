import { ParamData } from '@nestjs/common';
import { ParamsFactory } from '@nestjs/core';
import { EventEnvelope } from '@streamline/schemas';
import { BatchContext, HandlerContext } from './handler-context';

/**
 * The context type of Streamline's handlers, as guards, interceptors and filters see it:
 * `host.getType<StreamlineContextType>() === 'streamline'` tells an event from an HTTP request.
 * There, `host.switchToRpc().getData()` is the event envelope (the array of envelopes for a batch
 * handler) and `getContext()` the HandlerContext (BatchContext); see `eventOf`/`contextOf`.
 */
export type StreamlineContextType = 'streamline';

export const STREAMLINE_CONTEXT: StreamlineContextType = 'streamline';

/**
 * Parameter types of `@Payload()` and `@Ctx()`; the numbers are those of @nestjs/microservices'
 * own `@Payload()` and `@Ctx()`, so those decorators mean the same on a Streamline handler.
 */
export enum StreamlineParamtype {
  PAYLOAD = 3,
  CONTEXT = 6,
}

/**
 * What a request-scoped provider gets as `@Inject(REQUEST)` while it handles an event: the
 * envelope (or the batch's envelopes) and its context.
 */
export interface StreamlineRequest {
  data: EventEnvelope | EventEnvelope[];
  context: HandlerContext | BatchContext;
}

/** Fills `@Payload()` and `@Ctx()` parameters from a handler call's arguments `(event, context)`. */
export class StreamlineParamsFactory implements ParamsFactory {
  exchangeKeyForValue(type: number, data: ParamData, args: unknown[]): unknown {
    if (type === StreamlineParamtype.CONTEXT) return args[1];
    if (type !== StreamlineParamtype.PAYLOAD) return undefined;
    const payload = args[0] as Record<string, unknown> | Record<string, unknown>[];
    if (typeof data !== 'string') return payload;
    return Array.isArray(payload) ? payload.map((event) => event[data]) : payload[data];
  }
}

/** Arguments as a guard, interceptor or filter receives them. */
interface HostLike {
  getType<T extends string>(): T;
  getArgByIndex<T>(index: number): T;
}

/** The event a Streamline handler call is about (the envelopes, for a batch); undefined in another context type. */
export function eventOf(host: HostLike): EventEnvelope | EventEnvelope[] | undefined {
  return host.getType<string>() === STREAMLINE_CONTEXT ? host.getArgByIndex(0) : undefined;
}

/** The HandlerContext (BatchContext for a batch) of a Streamline handler call; undefined in another context type. */
export function contextOf(host: HostLike): HandlerContext | BatchContext | undefined {
  return host.getType<string>() === STREAMLINE_CONTEXT ? host.getArgByIndex(1) : undefined;
}
