import { spawn } from 'node:child_process';
import { testBrokers } from './test-broker';

/** What kcat (a client that is not ours) printed for `args`, as bytes; rejects when it fails. */
export async function runKcat(args: string[]): Promise<Buffer> {
  const child = spawn('kcat', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`kcat ${args.join(' ')} failed (${code}): ${stderr}`);
  return Buffer.concat(chunks);
}

/**
 * The headers of every record on `topic`, read by kcat (a client that is not ours) as the bytes
 * the broker holds: one map per record, header name to value bytes. Values must hold neither
 * `,` nor a line break (kcat separates headers and records with them).
 */
export async function kcatHeaders(topic: string): Promise<Map<string, Buffer>[]> {
  // latin1 maps each byte to one character and back, so splitting keeps the bytes exact.
  const text = (await runKcat(['-b', testBrokers()[0], '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%h\\n'])).toString('latin1');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => new Map(line.split(',').map((pair) => [pair.slice(0, pair.indexOf('=')), Buffer.from(pair.slice(pair.indexOf('=') + 1), 'latin1')])));
}
