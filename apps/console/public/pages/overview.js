import { Chart, ErrorLine, formatRate, html, link, seconds, useApi, useSamples } from '../lib.js';

/** Brokers, the registry's topics, the groups, and live throughput and lag. */
export function Overview() {
  const samples = useSamples();
  const [overview, error] = useApi('/api/overview', [samples.length > 0 ? samples[samples.length - 1].at.slice(0, 18) : '']);
  const last = samples[samples.length - 1];
  const topics = overview?.topics ?? [];
  const groups = overview?.groups ?? [];
  // Charted: the registry's topics and the groups, as the tables list them.
  const chartedTopics = topics.filter((t) => t.actual).map((t) => t.name);
  const chartedGroups = groups.map((g) => g.groupId);
  return html`
    <${ErrorLine} error=${error} />
    <div class="grid">
      <section>
        <h2>Throughput (records/s)</h2>
        <${Chart}
          id="throughput-chart"
          title=""
          series=${chartedTopics}
          rows=${samples.map((s) => [seconds(s.at), ...chartedTopics.map((t) => s.rates[t] ?? null)])}
        />
      </section>
      <section>
        <h2>Lag (records)</h2>
        <${Chart} id="lag-chart" title="" series=${chartedGroups} rows=${samples.map((s) => [seconds(s.at), ...chartedGroups.map((g) => s.lag[g] ?? null)])} />
      </section>
    </div>
    <section>
      <h2>Brokers</h2>
      <table id="brokers">
        <thead>
          <tr>
            <th>Node</th>
            <th>Address</th>
            <th>Role</th>
          </tr>
        </thead>
        <tbody>
          ${(overview?.brokers ?? []).map(
            (b) =>
              html`<tr>
                <td>${b.nodeId}</td>
                <td>${b.host}:${b.port}</td>
                <td>${b.controller ? 'controller' : ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section>
      <h2>Topics</h2>
      <table id="topics">
        <thead>
          <tr>
            <th>Topic</th>
            <th class="num">Partitions</th>
            <th class="num">Registry</th>
            <th class="num">Records</th>
            <th class="num">Rate/s</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          ${topics.map(
            (t) =>
              html`<tr data-topic=${t.name}>
                <td>${t.actual ? link(`#/topic/${encodeURIComponent(t.name)}`, t.name) : t.name}</td>
                <td class="num">${t.actual?.partitions ?? '-'}</td>
                <td class="num">${t.wanted?.partitions ?? ''}</td>
                <td class="num">${t.actual ? t.actual.endOffsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0).toLocaleString('en') : '-'}</td>
                <td class="num">${formatRate(last?.rates[t.name])}</td>
                <td>
                  ${t.status === 'derived' ? `derived from ${t.derivedFrom}` : t.status === 'differs' ? `differs: ${t.differences.join('; ')}` : t.status}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section>
      <h2>Consumer groups</h2>
      <table id="groups">
        <thead>
          <tr>
            <th>Group</th>
            <th>State</th>
            <th class="num">Members</th>
            <th class="num">Lag</th>
            <th>Topics</th>
          </tr>
        </thead>
        <tbody>
          ${groups.map(
            (g) =>
              html`<tr data-group=${g.groupId}>
                <td>${link(`#/group/${encodeURIComponent(g.groupId)}`, g.groupId)}</td>
                <td>${g.state}</td>
                <td class="num">${g.members.length}</td>
                <td class="num">${(last?.lag[g.groupId] ?? g.lag).toLocaleString('en')}</td>
                <td>${[...new Set(Object.values(g.members).flatMap((m) => Object.keys(m.assignment)))].join(', ')}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
  `;
}
