import { api, ErrorLine, html, useApi, useState } from '../lib.js';

/** Plans a group rewind or a copy window, shows the dry run, and runs it only on confirmation. */
export function Replay({ group: initialGroup }) {
  return html`<${GroupRewind} initialGroup=${initialGroup} /><${CopyWindow} />`;
}

function GroupRewind({ initialGroup }) {
  const [overview] = useApi('/api/overview');
  const [form, setForm] = useState({ group: initialGroup ?? '', topic: '', to: 'earliest' });
  const [plan, setPlan] = useState();
  const [applied, setApplied] = useState();
  const [error, setError] = useState();
  const [busy, setBusy] = useState(false);
  const set = (field) => (event) => setForm({ ...form, [field]: event.target.value });
  const call = async (execute) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api('/api/replay/group', { method: 'POST', body: { ...form, execute } });
      if (execute) setApplied(answer);
      else {
        setPlan(answer);
        setApplied(undefined);
      }
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };
  const live = plan?.activeMembers?.length ?? 0;
  return html`<section id="replay-group">
    <h2>Rewind a consumer group</h2>
    <form class="row" onSubmit=${(e) => (e.preventDefault(), call(false))}>
      <label
        >Group
        <input name="group" list="groups" value=${form.group} onInput=${set('group')} required />
        <datalist id="groups">${(overview?.groups ?? []).map((g) => html`<option value=${g.groupId} />`)}</datalist>
      </label>
      <label
        >Topic
        <input name="topic" list="topic-names" value=${form.topic} onInput=${set('topic')} required />
        <datalist id="topic-names">${(overview?.topics ?? []).map((t) => html`<option value=${t.name} />`)}</datalist>
      </label>
      <label>To (ISO time, 15m, earliest, latest, 0:120,3:80, shift:-N)<input name="to" value=${form.to} onInput=${set('to')} required /></label>
      <button id="replay-plan" type="submit" disabled=${busy}>Plan</button>
    </form>
    <${ErrorLine} error=${error} />
    ${
      plan
        ? html`
            <table id="replay-plan-table">
              <thead>
                <tr>
                  <th class="num">Partition</th>
                  <th class="num">From</th>
                  <th class="num">To</th>
                  <th class="num">End</th>
                  <th class="num">Re-read</th>
                  <th class="num">Skipped</th>
                </tr>
              </thead>
              <tbody>
                ${plan.partitions.map(
                  (m) =>
                    html`<tr data-partition=${m.partition}>
                      <td class="num">${m.partition}</td>
                      <td class="num">${m.current ?? '-'}</td>
                      <td class="num">${m.next}</td>
                      <td class="num">${m.end}</td>
                      <td class="num">${m.reread}</td>
                      <td class="num">${m.skipped}</td>
                    </tr>`,
                )}
              </tbody>
              <tfoot>
                <tr>
                  <th colspan="4">Total</th>
                  <th class="num" id="replay-reread">${plan.reread}</th>
                  <th class="num" id="replay-skipped">${plan.skipped}</th>
                </tr>
              </tfoot>
            </table>
            <div class="confirm">
              ${
                live > 0
                  ? html`<p class="warn" id="replay-refused">
                      Group ${plan.group} has ${live} live member(s): ${plan.activeMembers.map((m) => `${m.clientId} on ${m.clientHost}`).join(', ')}. Stop them
                      before moving its offsets.
                    </p>`
                  : html`<p>
                      ${`Group ${plan.group} will resume ${plan.topic} at the offsets above (to ${plan.to}) when it next starts: ${plan.reread} record(s) re-read${plan.skipped ? `, ${plan.skipped} skipped` : ''}.`}
                    </p>`
              }
              <button id="replay-execute" disabled=${busy || live > 0} onClick=${() => call(true)}>Apply the plan</button>
            </div>
          `
        : null
    }
    ${applied ? html`<p class="ok" id="replay-applied">Applied: ${applied.group} will resume ${applied.topic} at the new offsets.</p>` : null}
  </section>`;
}

function CopyWindow() {
  const [form, setForm] = useState({ from: '', to: '', since: '', until: '' });
  const [plan, setPlan] = useState();
  const [done, setDone] = useState();
  const [error, setError] = useState();
  const [busy, setBusy] = useState(false);
  const set = (field) => (event) => setForm({ ...form, [field]: event.target.value });
  const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== ''));
  const call = async (execute) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api('/api/replay/copy', { method: 'POST', body: { ...body, execute } });
      if (execute) setDone(answer);
      else {
        setPlan(answer);
        setDone(undefined);
      }
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<section id="replay-copy">
    <h2>Copy a window of history to another topic</h2>
    <form class="row" onSubmit=${(e) => (e.preventDefault(), call(false))}>
      <label>From topic<input name="from" value=${form.from} onInput=${set('from')} required /></label>
      <label>To topic<input name="to" value=${form.to} onInput=${set('to')} required /></label>
      <label>Since (ISO time, 2h, earliest)<input name="since" value=${form.since} onInput=${set('since')} /></label>
      <label>Until<input name="until" value=${form.until} onInput=${set('until')} /></label>
      <button type="submit" disabled=${busy}>Plan</button>
    </form>
    <${ErrorLine} error=${error} />
    ${
      plan
        ? html`<div class="confirm">
            <p>
              Would copy <b>${plan.matched - plan.skipped}</b> record(s) from ${plan.source} to ${plan.target} (read ${plan.read}, matched ${plan.matched},
              ${plan.skipped} already there).
            </p>
            <button disabled=${busy} onClick=${() => call(true)}>Copy</button>
          </div>`
        : null
    }
    ${done ? html`<p class="ok">Copied ${done.written} record(s) to ${done.target}; skipped ${done.skipped}.</p>` : null}
  </section>`;
}
