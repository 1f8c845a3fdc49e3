import { api, ErrorLine, html, link, useApi, useState } from '../lib.js';

/** Dead-letter topics; one topic's letters by reason, one by one, and the redrive of those picked. */
export function DeadLetters({ topic }) {
  const [topics, error] = useApi('/api/dlq');
  return html`
    <section>
      <h2>Dead-letter topics</h2>
      <${ErrorLine} error=${error} />
      <table id="dlq-topics">
        <thead>
          <tr>
            <th>Topic</th>
            <th>Source topic</th>
            <th>Group</th>
            <th class="num">Records</th>
          </tr>
        </thead>
        <tbody>
          ${(topics ?? []).map(
            (t) =>
              html`<tr class=${t.topic === topic ? 'picked' : ''}>
                <td>${link(`#/dead-letters/${encodeURIComponent(t.topic)}`, t.topic)}</td>
                <td>${t.source}</td>
                <td>${t.group}</td>
                <td class="num">${t.records}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${topics && topics.length === 0 ? html`<p class="muted">No dead-letter topics on this cluster.</p>` : null}
    </section>
    ${topic ? html`<${Letters} topic=${topic} key=${topic} />` : null}
  `;
}

function Letters({ topic }) {
  const [data, error, reload] = useApi(`/api/dlq/${encodeURIComponent(topic)}`);
  const [open, setOpen] = useState();
  const [reasons, setReasons] = useState([]);
  const [types, setTypes] = useState([]);
  const [picked, setPicked] = useState([]);
  const toggle = (list, set, value) => set(list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  if (error) return html`<${ErrorLine} error=${error} />`;
  if (!data) return html`<p class="muted">reading ${topic} …</p>`;
  const allReasons = [...new Set(data.summary.map((b) => b.reason))];
  const allTypes = [...new Set(data.summary.map((b) => b.type))];
  return html`
    <section>
      <h2>${topic}: by reason and type</h2>
      <table id="dlq-summary">
        <thead>
          <tr>
            <th>Reason</th>
            <th>Type</th>
            <th class="num">Count</th>
            <th class="num">Redriven</th>
            <th>Source</th>
            <th>First failed</th>
            <th>Last failed</th>
          </tr>
        </thead>
        <tbody>
          ${data.summary.map(
            (b) =>
              html`<tr>
                <td>${b.reason}</td>
                <td>${b.type}</td>
                <td class="num">${b.count}</td>
                <td class="num">${b.redriven}</td>
                <td>${b.sourceTopics.join(', ')}</td>
                <td>${b.firstFailedAt ?? '-'}</td>
                <td>${b.lastFailedAt ?? '-'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${data.redrives.map((r) => html`<p class="muted">redriven ${r.count} ${r.at ? `at ${r.at} by ${r.by}` : '(who and when not recorded)'}</p>`)}
    </section>
    <${Redrive}
      topic=${topic}
      allReasons=${allReasons}
      allTypes=${allTypes}
      reasons=${reasons}
      types=${types}
      picked=${picked}
      onReason=${(r) => toggle(reasons, setReasons, r)}
      onType=${(t) => toggle(types, setTypes, t)}
      onDone=${reload}
    />
    <section>
      <h2>Dead letters</h2>
      <table id="dlq-letters">
        <thead>
          <tr>
            <th></th>
            <th>Position</th>
            <th>Key</th>
            <th>Type</th>
            <th>Reason</th>
            <th>Error</th>
            <th class="num">Attempts</th>
            <th>Source position</th>
            <th>Failed at</th>
          </tr>
        </thead>
        <tbody>
          ${data.letters.map((l) => {
            const id = `${l.partition}@${l.offset}`;
            return html`
              <tr class=${open === id ? 'picked' : ''} data-letter=${id} onClick=${() => setOpen(open === id ? undefined : id)} style="cursor:pointer">
                <td>
                  <input
                    type="checkbox"
                    name="at"
                    value=${id}
                    checked=${picked.includes(id)}
                    onClick=${(e) => e.stopPropagation()}
                    onChange=${() => toggle(picked, setPicked, id)}
                  />
                </td>
                <td>${id}</td>
                <td>${l.key ?? '-'}</td>
                <td>${l.type ?? '-'}</td>
                <td class="reason">${l.reason}</td>
                <td>${l.errorName ? `${l.errorName}: ` : ''}${l.message ?? ''}</td>
                <td class="num">${l.attempts ?? '?'}</td>
                <td>${l.sourceTopic ?? '?'}/${l.sourcePartition ?? '?'}@${l.sourceOffset ?? '?'}</td>
                <td>${l.failedAt ?? '-'}</td>
              </tr>
              ${
                open === id
                  ? html`<tr>
                      <td colspan="9">
                        <b>data</b>
                        <pre>${JSON.stringify(l.data, null, 2)}</pre>
                        <b>headers</b>
                        <pre>${JSON.stringify(l.headers, null, 2)}</pre>
                      </td>
                    </tr>`
                  : null
              }
            `;
          })}
        </tbody>
      </table>
    </section>
  `;
}

// The confirmation's sentences, built as plain strings so their words keep their spaces.
const where = (byTopic) =>
  Object.entries(byTopic)
    .map(([t, n]) => `${n} to ${t}`)
    .join(', ');
const sendLine = (plan) => `This will send ${plan.sent} record(s)${plan.sent ? ` (${where(plan.byTopic)})` : ''}`;
const fromLine = (topic, reasons, types, picked) =>
  `from ${topic}${reasons.length ? `, reason ${reasons.join(' or ')}` : ''}${types.length ? `, type ${types.join(' or ')}` : ''}${
    picked.length ? `, the ${picked.length} picked (${picked.join(', ')})` : ''
  }.`;
const countsLine = (plan) =>
  `Read ${plan.read}; already sent by an earlier redrive ${plan.alreadySent}; not matching ${plan.notMatched}; without a source topic (they stay) ${plan.unroutable}.`;

/** Picks reasons, types or single letters, shows the dry run's exact counts, and sends only after a confirmation. */
function Redrive({ topic, allReasons, allTypes, reasons, types, picked, onReason, onType, onDone }) {
  const [plan, setPlan] = useState();
  const [result, setResult] = useState();
  const [error, setError] = useState();
  const [busy, setBusy] = useState(false);
  const filters = { ...(reasons.length ? { reason: reasons } : {}), ...(types.length ? { type: types } : {}), ...(picked.length ? { at: picked } : {}) };
  const call = async (execute) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api(`/api/dlq/${encodeURIComponent(topic)}/redrive`, { method: 'POST', body: { ...filters, execute } });
      if (execute) {
        setResult(answer);
        setPlan(undefined);
        onDone();
      } else {
        setPlan(answer);
        setResult(undefined);
      }
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<section id="redrive">
    <h2>Redrive</h2>
    <p class="muted">
      Sends dead letters back to their source topic with their original key, value and headers; each at most once, as <code>streamline dlq redrive</code> does.
      Tick reasons, types or single letters below; nothing ticked redrives all.
    </p>
    <div class="row">
      ${allReasons.map(
        (r) =>
          html`<label
            ><span><input type="checkbox" name="reason" value=${r} checked=${reasons.includes(r)} onChange=${() => onReason(r)} /> ${r}</span></label
          >`,
      )}
      ${allTypes.map(
        (t) =>
          html`<label
            ><span><input type="checkbox" name="type" value=${t} checked=${types.includes(t)} onChange=${() => onType(t)} /> ${t}</span></label
          >`,
      )}
      <button id="redrive-plan" class="secondary" disabled=${busy} onClick=${() => call(false)}>Plan redrive</button>
    </div>
    <${ErrorLine} error=${error} />
    ${
      plan
        ? html`<div class="confirm" id="redrive-confirm">
            <p><b>${sendLine(plan)}</b> ${fromLine(topic, reasons, types, picked)} ${countsLine(plan)}</p>
            <button id="redrive-send" disabled=${busy || plan.sent === 0} onClick=${() => call(true)}>Send ${plan.sent} record(s)</button>
            <button class="secondary" onClick=${() => setPlan(undefined)}>Cancel</button>
          </div>`
        : null
    }
    ${result ? html`<p class="ok" id="redrive-result">Sent ${result.sent} record(s)${result.sent ? ` (${where(result.byTopic)})` : ''}; already sent before ${result.alreadySent}.</p>` : null}
  </section>`;
}
