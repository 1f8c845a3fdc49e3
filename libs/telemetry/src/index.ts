export { startTracing } from './start-tracing';
export type { Tracing } from './start-tracing';
export { tracingSettings } from './tracing-settings';
export type { TracingSettings } from './tracing-settings';
export { withTracingShutdown } from './tracing-shutdown.module';
