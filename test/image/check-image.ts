/**
 * `npm run image:check`: builds the real Dockerfile and runs its four programs against a real
 * Kafka broker, on a machine with podman but no container runtime (CI here). The official Node and
 * Debian slim images cannot be pulled here, so stand-ins are built from Debian packages and the
 * pinned Node 24 (deploy/image/build-local-base.sh) and named by the BASE_IMAGE and RUNTIME_IMAGE
 * build arguments. The
 * image's file system is then mounted (`podman image mount`) and its programs run with chroot on
 * the host network (image-process.ts). Each check counts as one test; the result is written to
 * .streamline/image/check.json. Needs root, podman and debootstrap.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hideKafkajsTimerWarning, startLocalKafka } from '../../libs/local-broker/src';
import { freePort } from '../support/app-process';
import { randomName } from '../support/random-names';
import { waitFor } from '../support/wait-for';
import { checkRuntimeFiles, startOtlpReceiver } from './check-runtime-files';
import { ImageConfig, ImageProcess, imageConfig, runInImage } from './image-process';

const ROOT = join(__dirname, '..', '..');
const OUT = join(ROOT, '.streamline', 'image');
const BASE_IMAGE = process.env.IMAGE_CHECK_BASE ?? 'localhost/streamline-base:node24-bookworm-slim';
const RUNTIME_IMAGE = process.env.IMAGE_CHECK_RUNTIME_BASE ?? 'localhost/streamline-base:bookworm-slim';
const IMAGE = process.env.IMAGE_CHECK_TAG ?? 'localhost/streamline:check';
const KAFKA_PORT = Number(process.env.IMAGE_CHECK_KAFKA_PORT ?? 19192);
// CI builds beside the tests: the base and the build run at this niceness (they are long and can
// wait), the programs of the image at the machine's own, so a starved consumer cannot fail a check.
const BUILD_NICE = process.env.IMAGE_CHECK_BUILD_NICE ?? '';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const checks: Check[] = [];
const timings: Record<string, number> = {};

async function check(name: string, run: () => Promise<string> | string): Promise<boolean> {
  try {
    const detail = await run();
    checks.push({ name, ok: true, detail });
    console.log(`  ok    ${name}: ${detail}`);
    return true;
  } catch (error) {
    checks.push({ name, ok: false, detail: (error as Error).message });
    console.log(`  FAIL  ${name}: ${(error as Error).message}`);
    return false;
  }
}

function timed<T>(label: string, run: () => T): T {
  const started = Date.now();
  try {
    return run();
  } finally {
    timings[label] = Math.round((Date.now() - started) / 100) / 10;
  }
}

function sh(command: string, args: string[], log?: string): string {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (log) writeFileSync(join(OUT, log), `${result.stdout}\n${result.stderr}`);
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${(result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n')}`);
  return result.stdout.trim();
}

/** `sh` at the build's niceness (IMAGE_CHECK_BUILD_NICE), when one is set. */
function niced(command: string, args: string[], log?: string): string {
  return BUILD_NICE ? sh('nice', ['-n', BUILD_NICE, command, ...args], log) : sh(command, args, log);
}

async function main(): Promise<void> {
  hideKafkajsTimerWarning();
  mkdirSync(OUT, { recursive: true });
  const started = Date.now();
  const built =
    (await check('stand-in base images (debootstrap bookworm, slimmed; with the pinned Node 24)', () =>
      timed('base', () => niced('bash', ['deploy/image/build-local-base.sh', BASE_IMAGE, RUNTIME_IMAGE], 'base.log').split('\n').pop()!),
    )) &&
    (await check('Dockerfile builds (podman build --isolation chroot)', () => {
      const revision = sh('git', ['rev-parse', '--short', 'HEAD']);
      // A machine that reaches npm through a TLS-intercepting proxy trusts its CA with
      // NODE_EXTRA_CA_CERTS; the build's npm ci gets the same bundle, mounted read-only.
      const ca = process.env.NODE_EXTRA_CA_CERTS;
      const caArgs = ca && existsSync(ca) ? ['--volume', `${ca}:/run/build-ca.crt:ro`, '--build-arg', 'NODE_EXTRA_CA_CERTS=/run/build-ca.crt'] : [];
      // The build's npm ci reads the packages from this machine's npm cache, which the clone's own
      // npm ci has just filled: the same tarballs by the lock's integrity, without fetching them
      // again (a third of a cold build's time in CI). The Dockerfile does not depend on it.
      const npmCache = sh('npm', ['config', 'get', 'cache']);
      const cacheArgs = existsSync(npmCache) ? ['--volume', `${npmCache}:/root/.npm`] : [];
      const args = [
        'build',
        '--isolation',
        'chroot',
        // Docker's image format: OCI images have no HEALTHCHECK, and podman drops it from them.
        '--format',
        'docker',
        ...caArgs,
        ...cacheArgs,
        '--build-arg',
        `BASE_IMAGE=${BASE_IMAGE}`,
        '--build-arg',
        `RUNTIME_IMAGE=${RUNTIME_IMAGE}`,
        '--build-arg',
        `REVISION=${revision}`,
        '-t',
        IMAGE,
        '.',
      ];
      timed('build', () => {
        try {
          niced('podman', args, 'build.log');
        } catch (error) {
          // npm ci in the chroot build once ran out of open files (EMFILE at the machine's hard
          // limit of 20,000, which the build may not raise); the layers built so far are cached,
          // so one more try costs little. Any other failure fails the check at once.
          if (!/EMFILE/.test((error as Error).message)) throw error;
          niced('podman', args, 'build-retry.log');
        }
      });
      return `${IMAGE} in ${timings.build} s`;
    }));
  if (built) await checkImage();
  timings.total = Math.round((Date.now() - started) / 100) / 10;
  const failed = checks.filter((c) => !c.ok).length;
  writeFileSync(join(OUT, 'check.json'), JSON.stringify({ image: IMAGE, checks, timings, passed: checks.length - failed, failed }, null, 2));
  console.log(`image check: ${checks.length - failed} passed, ${failed} failed (${JSON.stringify(timings)})`);
  process.exitCode = failed ? 1 : 0;
}

async function checkImage(): Promise<void> {
  await check('image size and metadata', () => {
    const [inspected] = JSON.parse(sh('podman', ['image', 'inspect', IMAGE])) as {
      Size: number;
      Config: { User?: string; Labels?: Record<string, string>; Env?: string[]; Healthcheck?: { Test?: string[] } };
    }[];
    const { User, Labels = {}, Env = [] } = inspected.Config;
    const healthcheck = (inspected as { Healthcheck?: { Test?: string[] } }).Healthcheck ?? inspected.Config.Healthcheck;
    const problems = [
      User === 'node' ? '' : `runs as ${User ?? 'root'}, not node`,
      Env.includes('NODE_ENV=production') ? '' : 'NODE_ENV is not production',
      Labels['org.opencontainers.image.licenses'] === 'Apache-2.0' ? '' : 'no licence label',
      healthcheck?.Test?.join(' ').includes('healthcheck.js') ? '' : 'no HEALTHCHECK',
    ].filter(Boolean);
    if (problems.length) throw new Error(problems.join('; '));
    timings.sizeMb = Math.round(inspected.Size / 1e5) / 10;
    // What a registry stores and a node pulls: the layers gzip-compressed.
    timings.compressedMb = Math.round(Number(sh('sh', ['-c', `podman save --format docker-archive ${IMAGE} | gzip -6 | wc -c`])) / 1e5) / 10;
    return `${timings.sizeMb} MB (${timings.compressedMb} MB compressed), user ${User}, version ${Labels['org.opencontainers.image.version']}`;
  });

  const kafka = await startLocalKafka({ name: 'image-check', port: KAFKA_PORT });
  const rootfs = sh('podman', ['image', 'mount', IMAGE]);
  const otlp = await startOtlpReceiver();
  const running: ImageProcess[] = [];
  try {
    const config = imageConfig(IMAGE);
    const prefix = `${randomName('image')}.`;
    const kafkaEnv = { KAFKA_BROKERS: kafka.bootstrap, KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'info' };
    const order = JSON.parse(readFileSync(join(ROOT, 'examples', 'order.json'), 'utf8')) as { orderId: string };
    const producerPort = await freePort();
    const consumerPort = await freePort();
    const producer = runInImage(rootfs, config, ['producer'], {
      ...kafkaEnv,
      PORT: String(producerPort),
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    });
    running.push(producer);
    const producerUrl = `http://127.0.0.1:${producerPort}`;

    await check('producer answers ready', async () => {
      await waitFor('the producer to be ready', async () => (await fetch(`${producerUrl}/health/ready`).catch(() => undefined))?.status === 200, {
        timeoutMs: 120_000,
        intervalMs: 500,
      });
      return `${producerUrl}/health/ready 200`;
    });
    await check("the image's HEALTHCHECK passes", async () => {
      return healthcheck(rootfs, config, producerPort);
    });
    await check('producer accepts an event', async () => {
      const response = await fetch(`${producerUrl}/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'ce-specversion': '1.0',
          'ce-id': randomName('image-check'),
          'ce-source': '/image-check',
          'ce-type': 'order.placed.v1',
        },
        body: JSON.stringify(order),
      });
      const body = await response.text();
      if (response.status !== 202) throw new Error(`${response.status} ${body}`);
      return `202 ${body}`;
    });

    const consumer = runInImage(rootfs, config, ['consumer'], {
      ...kafkaEnv,
      PORT: String(consumerPort),
      KAFKA_GROUP_ID: randomName('image-check'),
      PGLITE_DATA_DIR: 'memory',
    });
    running.push(consumer);
    await check('consumer handles the event', async () => {
      const url = `http://127.0.0.1:${consumerPort}/orders/${order.orderId}`;
      const view = await waitFor(
        'the order in the read model',
        async () => {
          if (consumer.child.exitCode !== null || consumer.child.signalCode !== null)
            throw new Error(`the consumer exited (${consumer.child.exitCode ?? consumer.child.signalCode})`);
          const response = await fetch(url).catch(() => undefined);
          return response?.status === 200 ? ((await response.json()) as { status?: string }) : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 500 },
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n  the consumer's last lines:\n${tail(consumer.output(), 25)}`);
      });
      return `${url} → ${JSON.stringify(view)}`;
    });
    await check('the CLI prints topics', async () => {
      const cli = runInImage(rootfs, config, ['streamline', 'topics'], kafkaEnv);
      const code = await cli.exited;
      if (code !== 0 || !cli.output().includes(`${prefix}orders`)) throw new Error(`exit ${code}: ${cli.output()}`);
      return cli.output().trim().split('\n').slice(0, 3).join(' | ');
    });
    await checkRuntimeFiles(check, rootfs, config, kafkaEnv, producerUrl, otlp);
    const consoleApp = await checkConsole(rootfs, config, kafkaEnv, `${prefix}orders`);
    running.push(consoleApp);
    for (const [name, app] of [
      ['producer', producer],
      ['consumer', consumer],
      ['console', consoleApp],
    ] as const) {
      await check(`SIGTERM reaches the ${name}: graceful shutdown`, async () => {
        const stopped = Date.now();
        app.child.kill('SIGTERM');
        const code = await Promise.race([
          app.exited,
          new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`still running 30 s after SIGTERM`)), 30_000)),
        ]);
        if (code !== 0 && code !== 143) throw new Error(`exit ${code}: ${app.output().slice(-2000)}`);
        if (name === 'consumer' && !app.output().includes('stopped: handled records committed'))
          throw new Error(`no graceful stop logged: ${app.output().slice(-2000)}`);
        return `exit ${code} after ${Date.now() - stopped} ms`;
      });
    }
  } finally {
    for (const app of running) if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
    await Promise.all(running.map((app) => app.exited));
    running.forEach((app, i) => writeFileSync(join(OUT, `${['producer', 'consumer', 'console'][i]}.log`), app.output()));
    execFileSync('podman', ['image', 'unmount', IMAGE]);
    otlp.close();
    await kafka.stop();
  }
}

/**
 * The console as a deployment runs it: listening on every address with an operator token. It
 * serves its page and the page's libraries without the token, and its JSON API only with it; the
 * overview runs the CLI bundle beside it, so the topics it lists prove that one too.
 */
async function checkConsole(rootfs: string, config: ImageConfig, kafkaEnv: Record<string, string>, topic: string): Promise<ImageProcess> {
  const port = await freePort();
  const token = randomName('console-token');
  const app = runInImage(rootfs, config, ['console'], { ...kafkaEnv, PORT: String(port), CONSOLE_HOST: '0.0.0.0', CONSOLE_TOKEN: token });
  const url = `http://127.0.0.1:${port}`;
  await check('console serves its page and its libraries', async () => {
    const page = await waitFor(
      'the console page',
      async () => {
        const response = await fetch(`${url}/`).catch(() => undefined);
        return response?.status === 200 ? response.text() : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    if (!page.includes('<title>Streamline console</title>')) throw new Error(`not the console page: ${page.slice(0, 200)}`);
    const files = ['/app.js', '/vendor/htm/standalone.module.js', '/vendor/uplot/uPlot.esm.js', '/vendor/uplot/uPlot.min.css'];
    const statuses = await Promise.all(files.map(async (file) => `${file} ${(await fetch(`${url}${file}`)).status}`));
    if (statuses.some((s) => !s.endsWith(' 200'))) throw new Error(statuses.join(', '));
    return `${url}/ 200 (${page.length} bytes); ${statuses.join(', ')}`;
  });
  await check('console answers its JSON API with the token only', async () => {
    const refused = await fetch(`${url}/api/overview`);
    if (refused.status !== 401) throw new Error(`without the token: ${refused.status} ${await refused.text()}`);
    const response = await fetch(`${url}/api/overview`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { brokers?: unknown[]; topics?: { name: string }[] };
    if (response.status !== 200 || !body.topics?.some((t) => t.name === topic)) throw new Error(`${response.status} ${JSON.stringify(body).slice(0, 500)}`);
    return `401 without the token; 200 with it: ${body.brokers?.length} broker(s), ${body.topics.length} topics, ${topic} among them`;
  });
  await check("the image's HEALTHCHECK passes for the console", async () => {
    return healthcheck(rootfs, config, port);
  });
  return app;
}

/** The last `lines` lines of a program's output, indented under a check's failure. */
function tail(output: string, lines: number): string {
  return output
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .map((line) => `    ${line.slice(0, 400)}`)
    .join('\n');
}

/**
 * The image's HEALTHCHECK, judged as Docker judges it (`--retries=3`): unhealthy after three
 * failures in a row. On a busy machine one try can miss its 2 s; three in a row cannot.
 */
async function healthcheck(rootfs: string, config: ImageConfig, port: number): Promise<string> {
  const failures: string[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    const health = runInImage(rootfs, config, ['node', '/app/deploy/image/healthcheck.js'], { PORT: String(port) });
    const code = await health.exited;
    if (code === 0) return failures.length ? `exit 0 on try ${attempt} (before: ${failures.join('; ')})` : 'exit 0';
    failures.push(`exit ${code}: ${health.output().trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(failures.join('; '));
}

main().catch((error) => {
  console.error(error);
  console.log(`image check: 0 passed, 1 failed`);
  process.exitCode = 1;
});
