import { randomBytes } from 'node:crypto';

/** A name no other spec or run uses, e.g. `e2e-3f9a1c2b.` for topic prefixes and group ids. */
export function randomName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
