import { collectDefaultMetrics, register } from 'prom-client';

let started = false;

/** Process metrics (CPU, memory, event-loop lag, GC) once per process, labelled with the service. */
export function startDefaultMetrics(service: string): void {
  if (started) return;
  started = true;
  register.setDefaultLabels({ service });
  collectDefaultMetrics();
}
