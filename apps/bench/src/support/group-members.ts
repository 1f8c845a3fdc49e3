import { ChildProcess, spawn } from 'node:child_process';
import { ContenderParams, ContenderResult, RESULT_MARKER } from '../contenders/contender';
import type { MemberMessage } from '../contenders/streamline-group-member.contender';

/** What N consumer processes of one group did together. */
export interface GroupRun {
  members: number;
  handled: number;
  /** From the first record any member handled to the last: the group's drain time. */
  seconds: number;
  rate: number;
  perMember: number[];
  orderViolations: number;
}

const TIMEOUT_MS = 10 * 60_000;

/**
 * Runs `members` processes of the `streamline-group-member` contender in one group on a prepared
 * backlog of `params.count` records: starts them, lets them join together once all have booted,
 * and stops them when their counts add up to the backlog.
 */
export async function runGroup(members: number, params: ContenderParams, nodeArgs: string[] = []): Promise<GroupRun> {
  const children: ChildProcess[] = [];
  const handled = new Array<number>(members).fill(0);
  const results: Promise<ContenderResult>[] = [];
  let booted = 0;
  let allBooted!: () => void;
  const bootedAll = new Promise<void>((resolve) => (allBooted = resolve));
  let drained!: () => void;
  const drainedAll = new Promise<void>((resolve) => (drained = resolve));
  for (let i = 0; i < members; i++) {
    const child = spawn(process.execPath, [...nodeArgs, process.argv[1], 'contender', 'streamline-group-member'], {
      env: { ...process.env, BENCH_PARAMS: JSON.stringify(params) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-8000)));
    child.on('message', (message: MemberMessage) => {
      if (message.kind === 'booted' && ++booted === members) allBooted();
      if (message.kind === 'progress') {
        handled[i] = message.handled;
        if (handled.reduce((a, b) => a + b, 0) >= params.count) drained();
      }
    });
    results.push(
      new Promise((resolve, reject) =>
        child.on('close', (code, signal) => {
          const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
          if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as ContenderResult);
          else reject(new Error(`group member ${i + 1} of ${members} ended with ${signal ?? code}:\n${stderr || stdout.slice(-4000)}`));
        }),
      ),
    );
  }
  const timer = setTimeout(() => children.forEach((c) => c.kill('SIGKILL')), TIMEOUT_MS);
  try {
    await Promise.race([bootedAll, Promise.all(results)]);
    children.forEach((c) => c.send('go'));
    await Promise.race([drainedAll, Promise.all(results)]);
    children.forEach((c) => c.connected && c.send('stop'));
    const finished = await Promise.all(results);
    const firsts = finished.map((r) => Number(r.details?.firstAtMs)).filter((t) => t > 0);
    const lasts = finished.map((r) => Number(r.details?.lastAtMs)).filter((t) => t > 0);
    const seconds = (Math.max(...lasts) - Math.min(...firsts)) / 1000;
    const total = finished.reduce((n, r) => n + r.count, 0);
    return {
      members,
      handled: total,
      seconds,
      rate: total / seconds,
      perMember: finished.map((r) => r.count),
      orderViolations: finished.reduce((n, r) => n + (r.orderViolations ?? 0), 0),
    };
  } finally {
    clearTimeout(timer);
  }
}
