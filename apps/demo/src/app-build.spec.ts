import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { staleApps } from './app-build';

const HOUR = 3600_000;

describe('staleApps', () => {
  let root: string;
  const file = (path: string, ageMs: number) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, '');
    const at = new Date(Date.now() - ageMs);
    utimesSync(full, at, at);
    for (let dir = dirname(full); dir.startsWith(root); dir = dirname(dir)) utimesSync(dir, new Date(0), new Date(0));
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'demo-build-'));
    file('apps/producer/src/main.ts', 3 * HOUR);
    file('apps/consumer/src/main.ts', 3 * HOUR);
    file('libs/kafka/src/index.ts', 3 * HOUR);
    file('tsconfig.json', 3 * HOUR);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds an app that has no bundle yet', () => {
    file('dist/apps/consumer/main.js', HOUR);
    expect(staleApps(root, ['producer', 'consumer'])).toEqual(['producer']);
  });

  it('skips bundles newer than every source, and rebuilds after an edit to the app or to a library', () => {
    file('dist/apps/producer/main.js', 2 * HOUR);
    file('dist/apps/consumer/main.js', 2 * HOUR);
    expect(staleApps(root, ['producer', 'consumer'])).toEqual([]);
    file('apps/consumer/src/main.ts', HOUR);
    expect(staleApps(root, ['producer', 'consumer'])).toEqual(['consumer']);
    file('libs/kafka/src/index.ts', HOUR);
    expect(staleApps(root, ['producer', 'consumer'])).toEqual(['producer', 'consumer']);
  });

  it('ignores specs and Maven output, which never reach a bundle', () => {
    file('dist/apps/producer/main.js', 2 * HOUR);
    file('libs/kafka/src/index.spec.ts', HOUR);
    file('libs/local-broker/target/jars/kafka.jar', HOUR);
    expect(staleApps(root, ['producer'])).toEqual([]);
  });
});
