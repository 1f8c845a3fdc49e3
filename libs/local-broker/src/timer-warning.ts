/**
 * kafkajs 2.2.4 schedules a negative timeout on each connection, which Node 24 reports as a
 * TimeoutNegativeWarning (tulios/kafkajs#1751). It is harmless, so the project's own tools (the
 * local-broker CLI, the demo, the benchmark) keep it off the terminal; every other warning is
 * still printed. The services use `hideKafkajsTimerWarning` of `@streamline/kafka`.
 */
export function hideKafkajsTimerWarning(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}
