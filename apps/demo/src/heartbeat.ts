/**
 * Runs `work`, saying `still <doing> (N s) …` every `everyMs` until it settles, so no wait of the
 * demo is silent however loaded the machine is. `doing` may be a function for a changing state.
 */
export async function withHeartbeat<T>(say: (message: string) => void, doing: string | (() => string), work: Promise<T>, everyMs = 10_000): Promise<T> {
  const started = Date.now();
  const timer = setInterval(() => {
    const what = typeof doing === 'function' ? doing() : doing;
    say(`still ${what} (${Math.round((Date.now() - started) / 1000)} s) …`);
  }, everyMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
