import { Chart, ErrorLine, html, link, seconds, useApi, useEffect, useSamples, useState } from '../lib.js';

/** One group: lag per partition over time, members and their partitions, retry tiers and parked keys. */
export function Group({ group }) {
  const samples = useSamples();
  // Read again with every live sample: members join and leave, retry tiers fill and drain.
  const [data, error] = useApi(`/api/groups/${encodeURIComponent(group)}`, [samples[samples.length - 1]?.at]);
  const [history, setHistory] = useState([]);
  useEffect(() => setHistory(samples.map((s) => ({ at: s.at, partitions: s.partitionLag[group] ?? {} }))), [samples, group]);
  if (error) return html`<${ErrorLine} error=${error} />`;
  if (!data) return html`<p class="muted">reading ${group} …</p>`;
  const g = data.group;
  const keys = [...new Set(history.flatMap((h) => Object.keys(h.partitions)))].sort();
  return html`
    <section>
      <h2>Group ${g.groupId} <span class="badge">${g.state}</span> ${link(`#/replay/${encodeURIComponent(g.groupId)}`, 'plan a replay')}</h2>
      <${Chart}
        id="group-lag-chart"
        title="lag per partition"
        series=${keys}
        rows=${history.map((h) => [seconds(h.at), ...keys.map((k) => h.partitions[k] ?? null)])}
      />
    </section>
    <div class="grid">
      <section>
        <h2>Members and assignment</h2>
        <table id="members">
          <thead>
            <tr>
              <th>Client</th>
              <th>Host</th>
              <th>Partitions</th>
            </tr>
          </thead>
          <tbody>
            ${g.members.map(
              (m) =>
                html`<tr>
                  <td title=${m.memberId}>${m.clientId}</td>
                  <td>${m.clientHost}</td>
                  <td>
                    ${Object.entries(m.assignment)
                      .map(([t, ps]) => `${t}: ${ps.join(',')}`)
                      .join('; ')}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
        ${g.members.length === 0 ? html`<p class="muted">No live members.</p>` : null}
      </section>
      <section>
        <h2>Lag now</h2>
        <table id="group-lag">
          <thead>
            <tr>
              <th>Topic</th>
              <th class="num">Partition</th>
              <th class="num">Committed</th>
              <th class="num">End</th>
              <th class="num">Lag</th>
            </tr>
          </thead>
          <tbody>
            ${g.lag.partitions.map(
              (p) =>
                html`<tr>
                  <td>${p.topic}</td>
                  <td class="num">${p.partition}</td>
                  <td class="num">${p.committed ?? '-'}</td>
                  <td class="num">${p.high}</td>
                  <td class="num">${p.lag}</td>
                </tr>`,
            )}
          </tbody>
          <tfoot>
            <tr>
              <th colspan="4">Total</th>
              <th class="num">${g.lag.total}</th>
            </tr>
          </tfoot>
        </table>
      </section>
      <section>
        <h2>Retry tiers</h2>
        <table id="retry-tiers">
          <thead>
            <tr>
              <th>Topic</th>
              <th class="num">Tier</th>
              <th class="num">Waiting</th>
            </tr>
          </thead>
          <tbody>
            ${data.retryTiers.map(
              (t) =>
                html`<tr>
                  <td>${t.topic}</td>
                  <td class="num">${t.tier}</td>
                  <td class="num">${t.waiting}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        ${data.retryTiers.length === 0 ? html`<p class="muted">No retry tiers for this group.</p>` : null}
      </section>
      <section>
        <h2>Parked keys</h2>
        <p class="muted">A key whose event waits in a retry tier is parked: its later events wait behind it.</p>
        <table id="parked-keys">
          <thead>
            <tr>
              <th>Key</th>
              <th>Type</th>
              <th>Waiting at</th>
            </tr>
          </thead>
          <tbody>
            ${data.parkedKeys.map(
              (k) =>
                html`<tr>
                  <td>${k.key}</td>
                  <td>${k.type ?? '-'}</td>
                  <td>${k.topic}/${k.partition}@${k.offset}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>
    </div>
  `;
}
