// Shared pieces of the page: Preact with hooks and htm (tagged templates, no build step), the
// API helper, and a uPlot chart component.
import { html, render, useState, useEffect, useRef, useCallback } from '/vendor/htm/standalone.module.js';
import uPlot from '/vendor/uplot/uPlot.esm.js';

export { html, render, useState, useEffect, useRef, useCallback };

/** Calls the console's JSON API; the operator's name rides along so changing actions say who asked. */
export async function api(path, { method = 'GET', body } = {}) {
  const response = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json', 'x-operator': localStorage.getItem('streamline-operator') || '' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.status === 401) location.hash = '#/sign-in';
  if (!response.ok) throw new Error(payload?.error ?? `HTTP ${response.status}`);
  return payload;
}

/** Loads once per change of `deps`: [value, error, reload]. */
export function useApi(path, deps = []) {
  const [state, setState] = useState({ value: undefined, error: undefined });
  const load = useCallback(() => {
    if (!path) return;
    api(path).then(
      (value) => setState({ value, error: undefined }),
      (error) => setState({ value: undefined, error: error.message }),
    );
  }, [path, ...deps]);
  useEffect(load, [load]);
  return [state.value, state.error, load];
}

/** The live samples: the last minutes from /api/history, then each new one from the event stream. */
export function useSamples() {
  const [samples, setSamples] = useState([]);
  useEffect(() => {
    let closed = false;
    let source;
    api('/api/history').then((history) => {
      if (closed) return;
      setSamples(history);
      source = new EventSource('/api/live');
      source.addEventListener('sample', (event) => setSamples((list) => [...list.slice(-299), JSON.parse(event.data)]));
    });
    return () => {
      closed = true;
      source?.close();
    };
  }, []);
  return samples;
}

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

/** A time-series chart: `series` names the lines, `rows` holds [unix seconds, ...values]. */
export function Chart({ title, series, rows, height = 220, id, time = true }) {
  const box = useRef(null);
  const plot = useRef(null);
  const key = series.join('\u0000');
  useEffect(() => {
    const width = box.current.clientWidth || 600;
    plot.current = new uPlot(
      {
        title,
        width,
        height,
        series: [{}, ...series.map((label, i) => ({ label, stroke: COLOURS[i % COLOURS.length], width: 2 }))],
        scales: { x: { time } },
        axes: [{}, { size: 60 }],
      },
      columns(series.length, rows),
      box.current,
    );
    return () => plot.current?.destroy();
  }, [key, title]);
  useEffect(() => plot.current?.setData(columns(series.length, rows)), [rows]);
  return html`<div class="chart" id=${id} ref=${box}></div>`;
}

function columns(count, rows) {
  return Array.from({ length: count + 1 }, (_, i) => rows.map((r) => r[i] ?? null));
}

export const seconds = (iso) => Date.parse(iso) / 1000;
export const formatRate = (n) => (n === undefined ? '-' : n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString('en'));
export const link = (href, text) => html`<a href=${href}>${text}</a>`;

export function ErrorLine({ error }) {
  return error ? html`<p class="error" role="alert">${error}</p>` : null;
}
