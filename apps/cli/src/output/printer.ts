import { Injectable } from '@nestjs/common';
import { formatTable, Column } from './table';

/**
 * Where commands write: results to stdout (one JSON object per line with `--json`),
 * notes and progress to stderr, so piping stdout stays clean.
 */
@Injectable()
export class Printer {
  /** A result line. */
  line(text = ''): void {
    process.stdout.write(`${text}\n`);
  }

  /** One JSON object on one line. */
  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
  }

  table(columns: Column[], rows: string[][]): void {
    this.line(formatTable(columns, rows));
  }

  /** A note for the person at the terminal (what is happening, warnings); never part of the result. */
  note(text: string): void {
    process.stderr.write(`${text}\n`);
  }

  /** Whether a person is watching stderr, so progress bars make sense. */
  get interactive(): boolean {
    return process.stderr.isTTY === true;
  }
}
