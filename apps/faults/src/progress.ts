/**
 * Progress of long waits: on a terminal one line rewritten in place, elsewhere (CI logs) a line
 * every few seconds, so a run that waits minutes still shows it is alive.
 */
export class Progress {
  private lastPrinted = 0;
  private open = false;

  constructor(
    private readonly prefix: string,
    private readonly everyMs = 5000,
  ) {}

  /** A line to show now (terminal) or when due (log). */
  update(text: string): void {
    const line = `[${this.prefix}] ${text}`;
    if (process.stdout.isTTY) {
      process.stdout.write(`\r${line}\x1b[K`);
      this.open = true;
    } else if (Date.now() - this.lastPrinted >= this.everyMs) {
      console.log(line);
      this.lastPrinted = Date.now();
    }
  }

  /** A line that stays. */
  log(text: string): void {
    if (this.open) process.stdout.write('\n');
    this.open = false;
    console.log(`[${this.prefix}] ${text}`);
  }
}

/** Waits `ms`, showing how much of it has passed. */
export async function sleepWithProgress(progress: Progress, ms: number, label = 'waiting'): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    progress.update(`${label}: ${Math.round((Date.now() - started) / 1000)}/${Math.round(ms / 1000)} s`);
    await new Promise((r) => setTimeout(r, Math.min(1000, ms - (Date.now() - started))));
  }
}

/** Waits until `condition` holds, showing how long it has waited; throws after `timeoutMs`. */
export async function waitWithProgress(progress: Progress, label: string, condition: () => Promise<boolean> | boolean, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (await condition()) return;
    const waited = Date.now() - started;
    if (waited > timeoutMs) throw new Error(`gave up waiting for ${label} after ${Math.round(waited / 1000)} s`);
    progress.update(`waiting for ${label}: ${Math.round(waited / 1000)} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
