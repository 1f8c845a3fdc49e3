import { api, ErrorLine, html, useApi, useState } from '../lib.js';

/** One topic: partitions with offsets, and a browser of its events decoded with the schemas. */
export function Topic({ topic }) {
  const [info, error] = useApi(`/api/topics/${encodeURIComponent(topic)}`);
  const [filters, setFilters] = useState({ from: 'beginning', type: '', key: '', limit: '100' });
  const [events, setEvents] = useState();
  const [open, setOpen] = useState();
  const [browseError, setBrowseError] = useState();
  const set = (field) => (event) => setFilters({ ...filters, [field]: event.target.value });
  const browse = async (event) => {
    event?.preventDefault();
    setBrowseError(undefined);
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v.trim() !== ''));
    try {
      setEvents(await api(`/api/topics/${encodeURIComponent(topic)}/messages?${query}`));
    } catch (e) {
      setBrowseError(e.message);
    }
  };
  if (error) return html`<${ErrorLine} error=${error} />`;
  return html`
    <section>
      <h2>Topic ${topic}</h2>
      <table id="partitions">
        <thead>
          <tr>
            <th class="num">Partition</th>
            <th class="num">Log start</th>
            <th class="num">End</th>
            <th class="num">Records</th>
          </tr>
        </thead>
        <tbody>
          ${(info?.partitions ?? []).map(
            (p) =>
              html`<tr>
                <td class="num">${p.partition}</td>
                <td class="num">${p.low}</td>
                <td class="num">${p.high}</td>
                <td class="num">${Number(p.high) - Number(p.low)}</td>
              </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr>
            <th colspan="3">Total</th>
            <th class="num">${info?.records ?? ''}</th>
          </tr>
        </tfoot>
      </table>
    </section>
    <section>
      <h2>Events</h2>
      <form class="row" onSubmit=${browse}>
        <label>From (beginning, ISO time, 15m, partition:offset)<input name="from" value=${filters.from} onInput=${set('from')} /></label>
        <label>Type<input name="type" value=${filters.type} onInput=${set('type')} placeholder="order.placed.v1" /></label>
        <label>Key<input name="key" value=${filters.key} onInput=${set('key')} /></label>
        <label>At most<input name="limit" value=${filters.limit} onInput=${set('limit')} size="5" /></label>
        <button id="browse" type="submit">Show</button>
      </form>
      <${ErrorLine} error=${browseError} />
      ${
        events
          ? html`<table id="events">
                <thead>
                  <tr>
                    <th>Position</th>
                    <th>Time</th>
                    <th>Key</th>
                    <th>Type</th>
                    <th>Id</th>
                    <th>Source</th>
                    <th>Valid</th>
                  </tr>
                </thead>
                <tbody>
                  ${events.map((e) => {
                    const id = `${e.partition}@${e.offset}`;
                    return html`
                      <tr data-event=${id} onClick=${() => setOpen(open === id ? undefined : id)} style="cursor:pointer" class=${open === id ? 'picked' : ''}>
                        <td>${id}</td>
                        <td>${e.timestamp}</td>
                        <td>${e.key ?? '-'}</td>
                        <td>${e.type ?? '-'}</td>
                        <td>${e.headers.ce_id ?? '-'}</td>
                        <td>${e.headers.ce_source ?? '-'}</td>
                        <td>${e.valid ? 'yes' : html`<span class="error">${e.error?.reason ?? 'no'}</span>`}</td>
                      </tr>
                      ${
                        open === id
                          ? html`<tr>
                              <td colspan="7">
                                <b>data</b>
                                <pre>${JSON.stringify(e.data, null, 2)}</pre>
                                <b>headers</b>
                                <pre>${JSON.stringify(e.headers, null, 2)}</pre>
                              </td>
                            </tr>`
                          : null
                      }
                    `;
                  })}
                </tbody>
              </table>
              <p class="muted">${events.length} event(s)</p>`
          : null
      }
    </section>
  `;
}
