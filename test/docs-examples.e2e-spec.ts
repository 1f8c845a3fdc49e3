import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { AppProcess, startApp } from './support/app-process';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';

const ROOT = join(__dirname, '..');

/** The marker, on the line right before a fence, of a block that must not run; see docs/testing.md. */
const SKIP_MARKER = /^<!--\s*docs-examples:\s*skip\b/;
/** A block talks to the local stack when it runs curl or the command line. */
const TALKS_TO_STACK = /(^|[\s;|&(])(curl|bin\/streamline)\s/m;

/** One fenced `bash` block of the docs. */
interface Example {
  file: string;
  line: number;
  script: string;
  skipped: boolean;
}

/** Every fenced `bash` block of a Markdown file, with whether a skip marker precedes it. */
function bashBlocks(file: string): Example[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    // A four-backtick fence quotes Markdown (the marker's own example): nothing inside it runs.
    if (lines[i].startsWith('````')) {
      const end = lines.findIndex((l, j) => j > i && l.startsWith('````'));
      i = end < 0 ? lines.length : end;
      continue;
    }
    if (lines[i].trim() !== '```bash') continue;
    const end = lines.findIndex((l, j) => j > i && l.trim() === '```');
    if (end < 0) throw new Error(`${file}:${i + 1}: a bash block that is never closed`);
    const marker = lines
      .slice(0, i)
      .reverse()
      .find((l) => l.trim() !== '');
    blocks.push({ file, line: i + 1, script: lines.slice(i + 1, end).join('\n'), skipped: marker !== undefined && SKIP_MARKER.test(marker.trim()) });
    i = end;
  }
  return blocks;
}

/** README.md, then the pages of docs/ in the order the README's contents list names them, then any others. */
function documentedFiles(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const listed = [...readme.matchAll(/\]\(docs\/([\w-]+\.md)[)#]/g)].map((m) => `docs/${m[1]}`);
  const all = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  return ['README.md', ...new Set([...listed.filter((f) => all.includes(f)), ...all.sort()])];
}

const examples = documentedFiles()
  .flatMap(bashBlocks)
  .filter((block) => TALKS_TO_STACK.test(block.script));

/** Runs a block with bash, as a reader pastes it, from the repository root. */
function runBash(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], {
      cwd: ROOT,
      env: { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('docs examples: every shell example that talks to the local stack runs as written', () => {
  const prefix = `${randomName('docs')}.`;
  const group = randomName('docs-group');
  const brokers = testBrokers().join(',');
  const env = { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: group, PGLITE_DATA_DIR: 'memory', CONSUMER_RETRY_DELAYS_MS: 'none' };
  let producer: AppProcess;
  let consumer: AppProcess;

  beforeAll(async () => {
    producer = await startApp('producer', env);
    consumer = await startApp('consumer', env, '/health/ready');
  });
  afterAll(async () => {
    await Promise.all([producer?.stop(), consumer?.stop()]);
  });

  /** The local stack's addresses in the docs, pointed at this spec's producer, consumer, broker and group. */
  function localise(script: string): string {
    return script
      .replace(/\b(localhost|127\.0\.0\.1):3000\b/g, `127.0.0.1:${producer.port}`)
      .replace(/\b(localhost|127\.0\.0\.1):3001\b/g, `127.0.0.1:${consumer.port}`)
      .replace(/\b127\.0\.0\.1:9092\b/g, brokers)
      .replace(/\bstreamline-consumer\b/g, group);
  }

  // Every curl fails on a status of 400 or more and reports its status on stderr.
  const CURL_CHECK = `curl() { command curl --fail-with-body -w '%{stderr}curl-status %{http_code}\\n' "$@"; }\n`;

  it('finds the examples, and each one is either run or marked as skipped', () => {
    expect(examples.filter((e) => !e.skipped).length).toBeGreaterThanOrEqual(3);
    expect(examples.some((e) => e.file === 'README.md' && !e.skipped)).toBe(true);
  });

  it.each(examples.map((e) => [`${e.file}:${e.line}${e.skipped ? ' (marked skip)' : ''}`, e] as const))(
    '%s',
    async (_name, example) => {
      if (example.skipped) return;
      const result = await runBash(CURL_CHECK + localise(example.script), { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix });
      const report = `${example.file}:${example.line} exited ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
      expect({ code: result.code, report }).toEqual({ code: 0, report });
      const statuses = [...result.stderr.matchAll(/^curl-status (\d+)$/gm)].map((m) => Number(m[1]));
      if (/(^|[\s;|&(])curl\s/m.test(example.script)) expect(statuses.length).toBeGreaterThan(0);
      expect({ notTwoHundreds: statuses.filter((s) => s < 200 || s > 299), report }).toEqual({ notTwoHundreds: [], report });
    },
    120_000,
  );
});
