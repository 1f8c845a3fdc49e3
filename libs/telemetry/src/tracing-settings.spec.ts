import { tracingSettings } from './tracing-settings';

describe('tracingSettings', () => {
  it('is off with no OTEL_* variable, naming what would turn it on', () => {
    const settings = tracingSettings('producer', {});
    expect(settings).toEqual({ enabled: false, reason: expect.stringContaining('OTEL_EXPORTER_OTLP_ENDPOINT') });
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }],
    [{ OTEL_TRACES_EXPORTER: 'console' }],
  ])('is on for %o, named after the service by default', (env) => {
    expect(tracingSettings('consumer', env)).toEqual({ enabled: true, serviceName: 'consumer' });
  });

  it('leaves the name to OTEL_SERVICE_NAME or service.name in OTEL_RESOURCE_ATTRIBUTES', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(tracingSettings('producer', { ...endpoint, OTEL_SERVICE_NAME: 'checkout' })).toEqual({ enabled: true });
    expect(tracingSettings('producer', { ...endpoint, OTEL_RESOURCE_ATTRIBUTES: 'team=a, service.name=checkout' })).toEqual({ enabled: true });
  });

  it('is off when OTEL_SDK_DISABLED is true or OTEL_TRACES_EXPORTER is none, whatever else is set', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(tracingSettings('producer', { ...endpoint, OTEL_SDK_DISABLED: 'TRUE' })).toMatchObject({ enabled: false });
    expect(tracingSettings('producer', { ...endpoint, OTEL_TRACES_EXPORTER: 'otlp,none' })).toMatchObject({ enabled: false });
    expect(tracingSettings('producer', { ...endpoint, OTEL_SDK_DISABLED: 'false' })).toMatchObject({ enabled: true });
  });

  it('treats an empty variable as unset', () => {
    expect(tracingSettings('producer', { OTEL_EXPORTER_OTLP_ENDPOINT: ' ', OTEL_TRACES_EXPORTER: '' })).toMatchObject({ enabled: false });
  });
});
