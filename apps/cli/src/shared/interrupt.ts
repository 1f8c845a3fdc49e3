/**
 * An abort signal raised by the first Ctrl-C (SIGINT) or SIGTERM, so a command can stop cleanly
 * and say how far it got; a second Ctrl-C ends the process at once.
 */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(1);
    process.stderr.write(`\n${name}: stopping (again to quit at once)…\n`);
    controller.abort(new Error(`interrupted by ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
