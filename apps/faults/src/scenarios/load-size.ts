import { LoadOptions, ScenarioContext } from '../scenario';

/** The suite's usual traffic: a minute at 100 events/s, or 25 s at 50 with --short. */
export function loadFor(ctx: ScenarioContext, seconds = 60, shortSeconds = 25): LoadOptions {
  return ctx.short ? { seconds: shortSeconds, eventsPerSecond: 50 } : { seconds, eventsPerSecond: 100 };
}
