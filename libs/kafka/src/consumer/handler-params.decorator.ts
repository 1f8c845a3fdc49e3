import { PipeTransform, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { StreamlineParamtype } from './streamline-context';

type Pipe = Type<PipeTransform> | PipeTransform;

/** Records parameter `index` of a handler as `type`, with `data` and pipes, where Nest's context creator reads it. */
function recordParam(type: StreamlineParamtype, data: string | undefined, pipes: Pipe[]): ParameterDecorator {
  return (target, key, index) => {
    if (key === undefined) throw new Error(`@Payload()/@Ctx() belong on a handler method's parameter, not on a constructor of ${String(target)}`);
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key) ?? {}) as Record<string, unknown>;
    Reflect.defineMetadata(ROUTE_ARGS_METADATA, { ...args, [`${type}:${index}`]: { index, data, pipes } }, target.constructor, key);
  };
}

/**
 * The event envelope (`@Payload()`), or one property of it (`@Payload('data')`), with pipes that
 * apply to it (`@Payload('data', new ValidationPipe({ transform: true }))`). On a batch handler,
 * the array of envelopes, or that property of each.
 */
export function Payload(): ParameterDecorator;
export function Payload(...pipes: Pipe[]): ParameterDecorator;
export function Payload(property: string, ...pipes: Pipe[]): ParameterDecorator;
export function Payload(propertyOrPipe?: string | Pipe, ...pipes: Pipe[]): ParameterDecorator {
  if (propertyOrPipe === undefined || typeof propertyOrPipe === 'string') return recordParam(StreamlineParamtype.PAYLOAD, propertyOrPipe, pipes);
  return recordParam(StreamlineParamtype.PAYLOAD, undefined, [propertyOrPipe, ...pipes]);
}

/** The HandlerContext of the event (BatchContext on a batch handler): topic, partition, offset, attempt, transaction. */
export function Ctx(): ParameterDecorator {
  return recordParam(StreamlineParamtype.CONTEXT, undefined, []);
}
