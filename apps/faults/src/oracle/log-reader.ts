import { spawn } from 'node:child_process';

/** One record of a topic, as kcat read it. */
export interface LoggedRecord {
  partition: number;
  offset: number;
  key: string | null;
  headers: Record<string, string>;
}

/**
 * Reads a whole topic with kcat (librdkafka, not the client under test) from the beginning to
 * its current end. A topic that does not exist reads as empty.
 */
export async function readTopicWithKcat(bootstrap: string, topic: string, timeoutMs = 120_000): Promise<LoggedRecord[]> {
  // A cluster just started again may refuse metadata for a while; that is not an answer about the topic.
  for (let attempt = 1; ; attempt++) {
    try {
      return await readOnce(bootstrap, topic, timeoutMs);
    } catch (error) {
      if (attempt >= 6) throw error;
      await new Promise((r) => setTimeout(r, 5000));
    }
  }
}

async function readOnce(bootstrap: string, topic: string, timeoutMs: number): Promise<LoggedRecord[]> {
  const args = ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-J', '-X', 'topic.metadata.refresh.interval.ms=1000'];
  const { code, stdout, stderr } = await run('kcat', args, timeoutMs);
  if (code !== 0) {
    if (!(await topicExists(bootstrap, topic))) return [];
    throw new Error(`kcat could not read ${topic} (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`);
  }
  const records: LoggedRecord[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const parsed = JSON.parse(line) as { partition: number; offset: number; key: string | null; headers?: string[] };
    const headers: Record<string, string> = {};
    const list = parsed.headers ?? [];
    for (let i = 0; i + 1 < list.length; i += 2) headers[list[i]!] = list[i + 1]!;
    records.push({ partition: parsed.partition, offset: parsed.offset, key: parsed.key, headers });
  }
  return records;
}

/** False when the cluster answers that `topic` is unknown (kcat -C exits quietly with 1 then). */
async function topicExists(bootstrap: string, topic: string): Promise<boolean> {
  const { code, stdout } = await run('kcat', ['-L', '-J', '-b', bootstrap, '-t', topic], 30_000);
  if (code !== 0) return true;
  const metadata = JSON.parse(stdout) as { topics?: Array<{ topic: string; error?: string }> };
  return !/unknown topic/i.test(metadata.topics?.find((t) => t.topic === topic)?.error ?? '');
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: signal ? `${stderr}\nkilled after ${timeoutMs} ms` : stderr,
      });
    });
  });
}
