import { api, html, useState, ErrorLine } from '../lib.js';

/** The operator's name (logged with every action) and, when the console asks for one, the token. */
export function SignIn() {
  const [name, setName] = useState(localStorage.getItem('streamline-operator') ?? '');
  const [token, setToken] = useState('');
  const [error, setError] = useState();
  const submit = async (event) => {
    event.preventDefault();
    try {
      await api('/api/session', { method: 'POST', body: { token } });
      localStorage.setItem('streamline-operator', name.trim());
      location.hash = '#/';
    } catch (e) {
      setError(e.message);
    }
  };
  return html`<section>
    <h2>Sign in</h2>
    <p class="muted">
      Your name is written to the action log with every redrive and replay you run. The token is needed when the console is exposed beyond this machine.
    </p>
    <form class="row" onSubmit=${submit}>
      <label>Name<input name="operator" value=${name} onInput=${(e) => setName(e.target.value)} required /></label>
      <label>Operator token<input name="token" type="password" value=${token} onInput=${(e) => setToken(e.target.value)} /></label>
      <button type="submit">Sign in</button>
    </form>
    <${ErrorLine} error=${error} />
  </section>`;
}
