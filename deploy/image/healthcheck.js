// The image's HEALTHCHECK: 0 when the service here answers 200 on /health/live, else 1. The
// console has no /health/live (404): its page (/) answering 200 is its sign of life.
// A health check does not know which program runs, so it asks PORT, else every default port.
const ports = process.env.PORT ? [process.env.PORT] : ['3000', '3001', '3300'];
const status = (port, path) =>
  fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) }).then(
    (response) => response.status,
    () => 0,
  );
const live = async (port) => {
  const health = await status(port, '/health/live');
  return health === 200 || (health === 404 && (await status(port, '/')) === 200);
};
Promise.all(ports.map(live)).then((answers) => process.exit(answers.includes(true) ? 0 : 1));
