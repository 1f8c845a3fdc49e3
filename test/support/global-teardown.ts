/** Stops the broker the global setup started, if it started one. */
export default async function globalTeardown(): Promise<void> {
  const kafka = (globalThis as { __kafka?: { stop(): Promise<unknown> } }).__kafka;
  await kafka?.stop();
}
