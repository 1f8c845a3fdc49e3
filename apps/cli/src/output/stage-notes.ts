import { Printer } from './printer';

/** How often a stage that is still running says so. */
const STILL_EVERY_MS = 5000;

/**
 * Says on stderr what a command is doing before each slow stage (opening a database, asking the
 * brokers, rewinding a group), and again every few seconds while one lasts, so no wait is silent.
 */
export class StageNotes {
  constructor(private readonly printer: Printer) {}

  async run<T>(what: string, work: () => Promise<T>): Promise<T> {
    this.printer.note(`${what}…`);
    const started = Date.now();
    const timer = setInterval(() => this.printer.note(`  still ${what} (${Math.round((Date.now() - started) / 1000)} s)`), STILL_EVERY_MS);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }
}
