import { CanActivate, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ContextIdFactory, ExternalContextCreator, ModuleRef } from '@nestjs/core';
import { ExternalExceptionsHandler } from '@nestjs/core/exceptions/external-exceptions-handler';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { isObservable, lastValueFrom } from 'rxjs';
import { GuardRefusedError } from '../errors/guard-refused.error';
import { STREAMLINE_CONTEXT, StreamlineParamsFactory, StreamlineRequest } from './streamline-context';

/** A handler method run through Nest's enhancers: `(event, context)` or `(events, batchContext)` in, the method's result out. */
export type InvokeHandler = (data: StreamlineRequest['data'], context: StreamlineRequest['context']) => Promise<unknown>;

type Method = (...args: unknown[]) => unknown;

/**
 * Runs handler methods the way Nest runs its own handlers outside HTTP (as @nestjs/microservices
 * and @nestjs/graphql do, through `ExternalContextCreator`): global, class and method guards,
 * interceptors, pipes (on `@Payload()`/`@Ctx()`) and exception filters apply, with the context
 * type `'streamline'`. For a provider with a static dependency tree the chain is built once here,
 * so an event costs the enhancers it has and nothing more; a request-scoped provider gets a DI
 * sub-tree per event (the event registered as REQUEST); a transient one an instance of its own.
 */
@Injectable()
export class HandlerInvoker {
  private readonly creator: ExternalContextCreator;
  private readonly params = new StreamlineParamsFactory();

  constructor(
    base: ExternalContextCreator,
    private readonly moduleRef: ModuleRef,
  ) {
    // Two of the base creator's parts are replaced, everything else delegated to it: a refusing
    // guard is named in the error (the dead letter says which guard), and an exception no filter
    // handled goes back to the runtime as it is, without Nest's "ExceptionsHandler" error log
    // (the runtime logs it once, with where it routed the event).
    this.creator = Object.create(base, {
      createGuardsFn: { value: namedGuardsFn },
      externalErrorProxy: { value: { createProxy: quietErrorProxy } },
    }) as ExternalContextCreator;
  }

  /** The method `methodName` of the provider in `wrapper`, ready to take events. */
  async bind(wrapper: InstanceWrapper, methodName: string): Promise<InvokeHandler> {
    if (!wrapper.isDependencyTreeStatic()) return this.perEvent(wrapper, methodName);
    // A transient provider's discovered instance is a prototype without its dependencies.
    const instance = wrapper.isTransient ? await this.moduleRef.resolve(wrapper.token, undefined, { strict: false }) : wrapper.instance;
    return this.proxy(instance as Record<string, Method>, methodName);
  }

  private proxy(instance: Record<string, Method>, methodName: string, contextId?: ReturnType<typeof ContextIdFactory.create>, inquirerId?: string) {
    return this.creator.create(
      instance,
      instance[methodName],
      methodName,
      ROUTE_ARGS_METADATA,
      this.params,
      contextId,
      inquirerId,
      undefined,
      STREAMLINE_CONTEXT,
    );
  }

  /** A request-scoped provider: per event, a context id, the event as REQUEST, the provider's sub-tree and its enhancers. */
  private perEvent(wrapper: InstanceWrapper, methodName: string): InvokeHandler {
    return async (data, context) => {
      const request: StreamlineRequest = { data, context };
      const contextId = ContextIdFactory.getByRequest(request);
      this.moduleRef.registerRequestByContextId(request, contextId);
      const instance = await this.moduleRef.resolve<unknown, Record<string, Method>>(wrapper.token, contextId, { strict: false });
      return this.proxy(instance, methodName, contextId, wrapper.id)(data, context);
    };
  }
}

/** Guards run in order; the first that says no is named in the error, which goes through the exception filters. */
function namedGuardsFn(guards: CanActivate[], instance: object, callback: Method, type: string) {
  if (guards.length === 0) return null;
  const handler = `${instance.constructor.name}.${callback.name}`;
  return async (args: unknown[]): Promise<void> => {
    const host = new ExecutionContextHost(args, instance.constructor as never, callback);
    host.setType(type);
    for (const guard of guards) {
      const answer = guard.canActivate(host);
      const allowed = typeof answer === 'boolean' ? answer : isObservable(answer) ? await lastValueFrom(answer) : await answer;
      if (!allowed) throw new GuardRefusedError(guard.constructor.name, handler);
    }
  };
}

/**
 * Exception filters in Nest's order (method, class, global; the first whose `@Catch` matches).
 * A filter that returns a value settles the call with that value as its result; one that
 * throws replaces the exception (e.g. with `HandlerError(message, false)`: do not retry); one
 * that returns nothing (it only logs, say) leaves the exception as it was.
 */
function quietErrorProxy(target: (...args: unknown[]) => Promise<unknown>, handler: ExternalExceptionsHandler, type: string) {
  return async (...args: unknown[]): Promise<unknown> => {
    try {
      return await target(...args);
    } catch (error) {
      const host = new ExecutionContextHost(args);
      host.setType(type);
      const handled: unknown = handler.invokeCustomFilters(error, host);
      const result: unknown = isObservable(handled) ? await lastValueFrom(handled) : await handled;
      if (result === undefined || result === null) throw error;
      return result;
    }
  };
}
