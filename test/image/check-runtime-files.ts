/**
 * The image keeps only the files of its dependencies that the programs can load
 * (deploy/image/runtime-files.js). These checks use what a file tracer can miss: files served by
 * path (Swagger UI), exporters chosen by environment variables (OpenTelemetry), modules loaded by
 * name in a worker (pino-pretty) and the second Kafka client.
 */
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { waitFor } from '../support/wait-for';
import { ImageConfig, runInImage } from './image-process';

type Check = (name: string, run: () => Promise<string> | string) => Promise<boolean>;

/** An OTLP/HTTP receiver that counts the trace exports it is sent. */
export async function startOtlpReceiver(): Promise<{ endpoint: string; exports: () => number; close: () => void }> {
  let exports = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') exports += 1;
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, exports: () => exports, close: () => server.close() };
}

export async function checkRuntimeFiles(
  check: Check,
  rootfs: string,
  config: ImageConfig,
  kafkaEnv: Record<string, string>,
  producerUrl: string,
  otlp: { exports: () => number },
): Promise<void> {
  await check('the producer serves its API docs (Swagger UI files)', async () => {
    const paths = ['/docs', '/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css', '/docs-json'];
    const statuses = await Promise.all(paths.map(async (path) => `${path} ${(await fetch(`${producerUrl}${path}`)).status}`));
    if (statuses.some((s) => !s.endsWith(' 200'))) throw new Error(statuses.join(', '));
    return statuses.join(', ');
  });
  await check('the producer exports traces (OTLP over HTTP)', async () => {
    await waitFor('a trace export', () => otlp.exports() > 0, { timeoutMs: 30_000, intervalMs: 250 });
    return `${otlp.exports()} export(s) to /v1/traces`;
  });
  await check('modules loaded by name at run time are in the image (pino-pretty, gRPC exporter)', async () => {
    const script = [
      "require('pino-pretty')",
      "require('@opentelemetry/exporter-trace-otlp-grpc')",
      "require('@opentelemetry/exporter-trace-otlp-proto')",
      "console.log('loaded')",
    ].join(';');
    const node = runInImage(rootfs, config, ['node', '-e', script]);
    const code = await node.exited;
    if (code !== 0 || !node.output().includes('loaded')) throw new Error(`exit ${code}: ${node.output().slice(-1500)}`);
    return 'loaded';
  });
  await check('the CLI on @platformatic/kafka (KAFKA_CLIENT=platformatic)', async () => {
    const cli = runInImage(rootfs, config, ['streamline', 'topics'], { ...kafkaEnv, KAFKA_CLIENT: 'platformatic' });
    const code = await cli.exited;
    if (code !== 0 || !cli.output().includes(`${kafkaEnv.KAFKA_TOPIC_PREFIX}orders`)) throw new Error(`exit ${code}: ${cli.output().slice(-1500)}`);
    return cli.output().trim().split('\n').slice(0, 2).join(' | ');
  });
}
