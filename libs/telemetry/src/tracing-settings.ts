/** What the standard `OTEL_*` variables ask of a service's tracing. */
export type TracingSettings = { enabled: false; reason: string } | { enabled: true; serviceName?: string };

const ENDPOINT_VARIABLES = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] as const;

/**
 * Tracing is off unless the standard variables ask for it: an OTLP endpoint
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or an exporter named in
 * `OTEL_TRACES_EXPORTER` (`otlp`, `console`, `zipkin`). `OTEL_SDK_DISABLED=true` or
 * `OTEL_TRACES_EXPORTER=none` turn it off whatever else is set. The service name is
 * `defaultServiceName` unless `OTEL_SERVICE_NAME` or `service.name` in `OTEL_RESOURCE_ATTRIBUTES`
 * names one (the SDK reads those itself).
 */
export function tracingSettings(defaultServiceName: string, env: Readonly<Record<string, string | undefined>>): TracingSettings {
  const set = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  if (set('OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return { enabled: false, reason: 'OTEL_SDK_DISABLED is true' };
  const exporters = (set('OTEL_TRACES_EXPORTER') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (exporters.includes('none')) return { enabled: false, reason: 'OTEL_TRACES_EXPORTER is none' };
  if (exporters.length === 0 && !ENDPOINT_VARIABLES.some((name) => set(name) !== undefined)) {
    return { enabled: false, reason: `neither ${ENDPOINT_VARIABLES.join(' nor ')} nor OTEL_TRACES_EXPORTER is set` };
  }
  const named = set('OTEL_SERVICE_NAME') !== undefined || /(^|,)\s*service\.name\s*=/.test(set('OTEL_RESOURCE_ATTRIBUTES') ?? '');
  return named ? { enabled: true } : { enabled: true, serviceName: defaultServiceName };
}
