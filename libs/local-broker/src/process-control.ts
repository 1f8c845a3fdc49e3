import { readFileSync } from 'node:fs';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * True while `pid` is a live process (a zombie counts as gone). When `commandMarker` is given
 * and /proc is readable, the process's command line must contain it, so a recycled pid of an
 * unrelated process is not mistaken for a broker.
 */
export function isProcessAlive(pid: number, commandMarker?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/^\d+ \(.*\) Z/.test(stat)) return false;
    if (commandMarker) return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(commandMarker);
  } catch {
    // No /proc (e.g. macOS): the signal check above is all there is.
  }
  return true;
}

/** Waits until `pid` has exited; false if it is still alive after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Sends `signal` if the process is alive; a process that is already gone is fine. */
export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Asks the process to stop with SIGTERM and uses SIGKILL if it is still running after `graceMs`. */
export async function terminateProcess(pid: number, graceMs: number): Promise<void> {
  if (!isProcessAlive(pid)) return;
  signalProcess(pid, 'SIGTERM');
  signalProcess(pid, 'SIGCONT'); // a paused (SIGSTOP) broker could not act on SIGTERM
  if (await waitForExit(pid, graceMs)) return;
  signalProcess(pid, 'SIGKILL');
  await waitForExit(pid, 10_000);
}
