import { StreamlineError } from './streamline.error';

/** A registry's topic or event definitions contradict each other; lists every problem on one line. */
export class EventRegistryError extends StreamlineError {
  constructor(readonly problems: string[]) {
    super('config', `invalid event registry: ${problems.join('; ')}`, false);
  }
}
