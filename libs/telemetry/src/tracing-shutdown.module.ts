import type { DynamicModule, OnApplicationShutdown } from '@nestjs/common';
import type { Tracing } from './start-tracing';

/** Exports the spans still buffered when the application shuts down. */
class TracingFlush implements OnApplicationShutdown {
  constructor(private readonly tracing: Tracing) {}

  onApplicationShutdown(): Promise<void> {
    return this.tracing.shutdown();
  }
}

/**
 * Global, so Nest runs its shutdown hook after those of the application's own modules (Nest
 * shuts modules down nearest the root first, global ones last): the spans of the final flush to
 * Kafka and of the last records handled are ended before the SDK exports and stops. A plain
 * class: its dynamic module says everything, and the file stays free of Nest at load time,
 * since it loads before the instrumented modules.
 */
class TracingShutdownModule {}

/** `module` with the SDK's flush added to its shutdown; `module` itself when tracing is off. */
export function withTracingShutdown(module: DynamicModule, tracing: Tracing | undefined): DynamicModule {
  if (!tracing) return module;
  const flushing: DynamicModule = {
    module: TracingShutdownModule,
    global: true,
    providers: [{ provide: TracingFlush, useValue: new TracingFlush(tracing) }],
  };
  return { ...module, imports: [...(module.imports ?? []), flushing] };
}
