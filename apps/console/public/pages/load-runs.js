import { api, Chart, ErrorLine, html, useApi, useState } from '../lib.js';

/** Results of `streamline load`: listed, opened as charts, two compared step by step. */
export function LoadRuns() {
  const [runs, error] = useApi('/api/load-runs');
  const [picked, setPicked] = useState([]);
  const [opened, setOpened] = useState([]);
  const [comparison, setComparison] = useState();
  const [failure, setFailure] = useState();
  // The older of two runs is the baseline.
  const started = (file) => runs.find((r) => r.file === file)?.startedAt ?? '';
  const pick = (file) =>
    setPicked((picked.includes(file) ? picked.filter((f) => f !== file) : [...picked, file].slice(-2)).sort((a, b) => started(a).localeCompare(started(b))));
  const open = async () => {
    setFailure(undefined);
    try {
      setOpened(await Promise.all(picked.map((f) => api(`/api/load-runs/${encodeURIComponent(f)}`))));
      setComparison(
        picked.length === 2
          ? await api(`/api/load-runs/compare?baseline=${encodeURIComponent(picked[0])}&candidate=${encodeURIComponent(picked[1])}`)
          : undefined,
      );
    } catch (e) {
      setFailure(e.message);
    }
  };
  return html`
    <section>
      <h2>Load runs</h2>
      <${ErrorLine} error=${error ?? failure} />
      <table id="load-runs">
        <thead>
          <tr>
            <th></th>
            <th>Run</th>
            <th>Started</th>
            <th>Steps (target → achieved/s)</th>
            <th>File</th>
          </tr>
        </thead>
        <tbody>
          ${(runs ?? []).map(
            (r) =>
              html`<tr class=${picked.includes(r.file) ? 'picked' : ''}>
                <td><input type="checkbox" checked=${picked.includes(r.file)} onChange=${() => pick(r.file)} /></td>
                <td>${r.runId}</td>
                <td>${r.startedAt}</td>
                <td>${r.steps.map((s) => `${s.rate} → ${Math.round(s.achievedRate)}`).join(', ')}</td>
                <td>${r.file}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${runs && runs.length === 0 ? html`<p class="muted">No load results in the console's load folder (CONSOLE_LOAD_DIR).</p>` : null}
      <div class="row"><button id="load-open" disabled=${picked.length === 0} onClick=${open}>${picked.length === 2 ? 'Compare the two' : 'Open'}</button></div>
    </section>
    ${comparison ? html`<${Comparison} comparison=${comparison} baseline=${picked[0]} candidate=${picked[1]} />` : null}
    <div class="grid">${opened.map((run) => html`<${RunCharts} run=${run} key=${run.runId} />`)}</div>
  `;
}

function Comparison({ comparison, baseline, candidate }) {
  return html`<section id="load-comparison">
    <h2>${candidate} against ${baseline}</h2>
    <table>
      <thead>
        <tr>
          <th>Step</th>
          <th class="num">Rate</th>
          <th>Latency</th>
          <th>Percentile</th>
          <th class="num">Baseline ms</th>
          <th class="num">Candidate ms</th>
          <th class="num">Change</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${comparison.rows.map(
          (r) =>
            html`<tr>
              <td>${r.step}</td>
              <td class="num">${r.rate}/s</td>
              <td>${r.kind}</td>
              <td>${r.percentile}</td>
              <td class="num">${r.baseline.toFixed(2)}</td>
              <td class="num">${r.candidate.toFixed(2)}</td>
              <td class="num">${r.change >= 0 ? '+' : ''}${(r.change * 100).toFixed(1)}%</td>
              <td class=${r.regressed ? 'error' : ''}>${r.regressed ? 'regressed' : ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

/** The charts of the HTML report: per second, events sent, acknowledged and handled, and latency percentiles. */
function RunCharts({ run }) {
  return html`<section>
    <h2>${run.runId}</h2>
    ${run.steps.map(
      (step, i) => html`
        <p class="muted">
          step ${i + 1}: ${step.rate}/s planned, ${Math.round(step.achievedRate)}/s achieved, ${step.sent} sent,
          ${Object.values(step.errors).reduce((a, b) => a + b, 0)} error(s)${step.handled === null ? ', no consumer measured' : `, ${step.handled} handled`}
        </p>
        <${Chart}
          title="events per second"
          series=${['sent', 'acked', 'handled']}
          rows=${step.timeline.map((s) => [s.second, s.sent, s.acked, step.handled === null ? null : s.handled])}
          height=${180}
          time=${false}
        />
        <${Chart}
          title="latency per second (ms)"
          series=${['ack p50', 'ack p99', 'end-to-end p50', 'end-to-end p99']}
          rows=${step.timeline.map((s) => [s.second, s.ackP50Ms, s.ackP99Ms, s.endToEndP50Ms || null, s.endToEndP99Ms || null])}
          height=${180}
          time=${false}
        />
      `,
    )}
  </section>`;
}
