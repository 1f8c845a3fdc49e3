/**
 * kafkajs 2.2.4 schedules a negative timeout on each connection, which Node 24 reports as a
 * TimeoutNegativeWarning (tulios/kafkajs#1751). The timers behave as intended, so that one warning
 * is dropped and every other warning is still printed. Call once, first thing in a service's main.
 */
export function hideKafkajsTimerWarning(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}
