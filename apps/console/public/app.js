import { html, render, useEffect, useState } from './lib.js';
import { Overview } from './pages/overview.js';
import { DeadLetters } from './pages/dead-letters.js';
import { Replay } from './pages/replay.js';
import { Group } from './pages/group.js';
import { Topic } from './pages/topic.js';
import { LoadRuns } from './pages/load-runs.js';
import { SignIn } from './pages/sign-in.js';

const NAV = [
  ['#/', 'Overview'],
  ['#/dead-letters', 'Dead letters'],
  ['#/replay', 'Replay'],
  ['#/load-runs', 'Load runs'],
];

/** `#/page/argument` → the page component and its argument. */
function route(hash) {
  const [, page = '', ...rest] = hash.replace(/^#/, '').split('/');
  const arg = decodeURIComponent(rest.join('/'));
  switch (page) {
    case 'dead-letters':
      return html`<${DeadLetters} topic=${arg} />`;
    case 'replay':
      return html`<${Replay} group=${arg} />`;
    case 'group':
      return html`<${Group} group=${arg} />`;
    case 'topic':
      return html`<${Topic} topic=${arg} />`;
    case 'load-runs':
      return html`<${LoadRuns} />`;
    case 'sign-in':
      return html`<${SignIn} />`;
    default:
      return html`<${Overview} />`;
  }
}

function App() {
  const [hash, setHash] = useState(location.hash || '#/');
  useEffect(() => {
    const onChange = () => setHash(location.hash || '#/');
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  const section = '#/' + (hash.split('/')[1] ?? '');
  const operator = localStorage.getItem('streamline-operator');
  return html`
    <header>
      <strong>Streamline</strong>
      ${NAV.map(([href, text]) => html`<a href=${href} class=${section === href ? 'active' : ''}>${text}</a>`)}
      <a class="who" href="#/sign-in">${operator ? `operator: ${operator}` : 'sign in'}</a>
    </header>
    <main>${route(hash)}</main>
  `;
}

render(html`<${App} />`, document.getElementById('app'));
