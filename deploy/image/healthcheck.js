// The image's HEALTHCHECK: 0 when the service here answers 200 on /health/live, else 1 with the
// reason on stderr (Docker keeps it in the container's health log). The console has no
// /health/live (404): its page (/) answering 200 is its sign of life.
// A health check does not know which program runs, so it asks PORT, else every default port.
// Each request gives up after 2 s, inside the HEALTHCHECK's --timeout of 3 s.
const ports = process.env.PORT ? [process.env.PORT] : ['3000', '3001', '3300'];
const status = (port, path) =>
  fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) }).then(
    (response) => response.status,
    (error) => `${error.cause?.code ?? error.name}`,
  );
const live = async (port) => {
  const health = await status(port, '/health/live');
  if (health === 200) return undefined;
  const page = health === 404 ? await status(port, '/') : undefined;
  if (page === 200) return undefined;
  return `port ${port}: /health/live ${health}${page === undefined ? '' : `, / ${page}`}`;
};
Promise.all(ports.map(live)).then((failures) => {
  if (failures.includes(undefined)) process.exit(0);
  console.error(`not live: ${failures.join('; ')}`);
  process.exit(1);
});
