import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

import { ProducerConfig } from '../apps/producer/src/producer.config';
import { ConsumerConfig } from '../apps/consumer/src/consumer.config';
import { ConsoleConfig, isLoopback } from '../apps/console/src/console.config';
import { loadConfig } from '@streamline/kafka';
import { AppProcess, startApp } from './support/app-process';
import { configProblems, readYamlDocuments, REPO_ROOT } from './support/deploy-files';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { ORDER_TOPICS } from '@streamline/orders';

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
};

const BASE = 'deploy/k8s/base';
const OVERLAY = 'deploy/k8s/overlays/example';
const baseFiles = readdirSync(join(REPO_ROOT, BASE)).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const objects = baseFiles.flatMap((file) => readYamlDocuments<K8sObject>(`${BASE}/${file}`));
const find = (kind: string, name: string) => {
  const object = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!object) throw new Error(`no ${kind} ${name} in ${BASE}`);
  return object;
};
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

/** The labels the base's kustomization adds to every object (`labels[].pairs`). */
const commonLabels: Record<string, string> = Object.assign(
  {},
  ...(readYamlDocuments<{ labels?: { pairs: Record<string, string> }[] }>(`${BASE}/kustomization.yaml`)[0].labels ?? []).map((l) => l.pairs),
);

/** Whether a label selector (matchLabels and matchExpressions) selects an object with these labels. */
function selects(
  selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] },
  labels: Record<string, string>,
): boolean {
  const matched = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  return (
    matched &&
    (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
      if (operator === 'In') return key in labels && values.includes(labels[key]);
      if (operator === 'NotIn') return !(key in labels) || !values.includes(labels[key]);
      if (operator === 'Exists') return key in labels;
      if (operator === 'DoesNotExist') return !(key in labels);
      throw new Error(`unknown selector operator ${operator}`);
    })
  );
}

/** Runs test/support/validate-k8s.mjs (the models are ES modules) on files or on YAML text. */
function validate(files: string[], input?: string): { source: string; kind: string; name: string; ok: boolean; error?: string }[] {
  const script = join(REPO_ROOT, 'test', 'support', 'validate-k8s.mjs');
  return JSON.parse(execFileSync(process.execPath, [script, ...files], { cwd: REPO_ROOT, input, encoding: 'utf8' }));
}

interface App {
  name: 'producer' | 'consumer' | 'console';
  configClass: new () => object;
  /** The variable of its shutdown timeout (the console has none). */
  timeoutVariable?: string;
  /** What it answers once started: the services' readiness, the console's page. */
  readyPath: string;
  /** Whether it exports /metrics and has a disruption budget (the single console has neither). */
  service: boolean;
}
const APPS: App[] = [
  { name: 'producer', configClass: ProducerConfig, timeoutVariable: 'SHUTDOWN_TIMEOUT_MS', readyPath: '/health/ready', service: true },
  { name: 'consumer', configClass: ConsumerConfig, timeoutVariable: 'CONSUMER_SHUTDOWN_TIMEOUT_MS', readyPath: '/health/ready', service: true },
  { name: 'console', configClass: ConsoleConfig, readyPath: '/', service: false },
];
const CONSOLE = APPS[2];
const deploymentOf = (app: App) => find('Deployment', `streamline-${app.name}`);
const containerOf = (app: App) => deploymentOf(app).spec.template.spec.containers[0];

/** The environment a container gets: its ConfigMaps, its literal values and its Secret keys. */
function containerEnv(app: App): Record<string, string> {
  const container = containerOf(app);
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) Object.assign(env, find('ConfigMap', source.configMapRef.name).data);
  const secret = find('Secret', 'streamline-secrets').stringData!;
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    env[variable.name] = ref ? secret[ref.key] : variable.value;
  }
  return env;
}

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('validates every object of the base against the schemas of the real APIs (Kubernetes, KEDA, Prometheus Operator)', () => {
    const results = validate(baseFiles.map((f) => join(BASE, f)));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.map((r) => r.kind).sort()).toEqual(objects.map((o) => o.kind).sort());
    // The validator itself: a wrong type is refused.
    const broken = validate(['-'], 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\nspec: { replicas: two, selector: {}, template: {} }\n');
    expect(broken[0].ok).toBe(false);
  });

  (kubectl ? it : it.skip)('renders the base and the example overlay with kustomize, and every rendered object validates', () => {
    for (const dir of [BASE, OVERLAY]) {
      const rendered = execFileSync('kubectl', ['kustomize', dir], { cwd: REPO_ROOT, encoding: 'utf8' });
      const results = validate(['-'], rendered);
      expect(results.filter((r) => !r.ok)).toEqual([]);
      expect(results.length).toBeGreaterThanOrEqual(objects.length);
    }
  });

  it('lists in the kustomizations only files that exist', () => {
    for (const dir of [BASE, OVERLAY]) {
      const [kustomization] = readYamlDocuments<{ resources?: string[]; patches?: { path?: string }[] }>(`${dir}/kustomization.yaml`);
      const paths = [...(kustomization.resources ?? []), ...(kustomization.patches ?? []).flatMap((p) => (p.path ? [p.path] : []))];
      expect(paths.filter((p) => !existsSync(join(REPO_ROOT, dir, p)))).toEqual([]);
    }
    expect(baseFiles.sort()).toEqual(readYamlDocuments<{ resources: string[] }>(`${BASE}/kustomization.yaml`)[0].resources.sort());
  });

  it.each(APPS)('sets only variables the $name config class accepts, with values it accepts', (app) => {
    expect(configProblems(app.configClass, containerEnv(app))).toEqual([]);
  });

  it.each(APPS.filter((app) => app.timeoutVariable))('gives the $name longer to stop than its shutdown timeout and preStop together', (app) => {
    const pod = deploymentOf(app).spec.template.spec;
    const preStop = Number(pod.containers[0].lifecycle?.preStop?.exec?.command?.[1] ?? 0);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(Number(containerEnv(app)[app.timeoutVariable!]) + preStop * 1000);
  });

  it.each(APPS)('sizes the $name heap from its memory limit and runs it as a non-root user on a read-only root', (app) => {
    const container = containerOf(app);
    expect(container.resources.limits.memory).toMatch(/^\d+Mi$/);
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(containerEnv(app).NODE_OPTIONS).toMatch(/--max-old-space-size-percentage=\d+/);
    expect(deploymentOf(app).spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.args).toEqual([app.name]);
  });

  it('exposes the console only with the operator token from the Secret, and gives its action log a writable volume', () => {
    const container = containerOf(CONSOLE);
    const env = containerEnv(CONSOLE);
    expect(isLoopback(env.CONSOLE_HOST)).toBe(false);
    // Not optional: without the Secret's key the pod does not start, rather than the console refusing to.
    const token = container.env.find((v: { name: string }) => v.name === 'CONSOLE_TOKEN');
    expect(token.valueFrom.secretKeyRef).toEqual({ name: 'streamline-secrets', key: 'CONSOLE_TOKEN' });
    // The action log's folder, from the image's working directory, lies on a mounted volume.
    const workdir = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8')
      .match(/^WORKDIR (\S+)$/gm)!
      .pop()!
      .slice('WORKDIR '.length);
    const logDir = posix.dirname(posix.resolve(workdir, loadConfig(ConsoleConfig, env).CONSOLE_ACTION_LOG));
    const mount = container.volumeMounts.find((m: { mountPath: string }) => logDir === m.mountPath || logDir.startsWith(`${m.mountPath}/`));
    expect([logDir, mount?.name]).toEqual([logDir, expect.any(String)]);
    const volume = deploymentOf(CONSOLE).spec.template.spec.volumes.find((v: { name: string }) => v.name === mount.name);
    expect(volume.emptyDir ?? volume.persistentVolumeClaim).toBeDefined();
  });

  it("keeps every key of the base Secret in the example overlay's replacement", () => {
    const [overlay] = readYamlDocuments<{ secretGenerator: { name: string; behavior?: string; literals: string[] }[] }>(`${OVERLAY}/kustomization.yaml`);
    const generated = overlay.secretGenerator.find((g) => g.name === 'streamline-secrets')!;
    const keys = generated.literals.map((literal) => literal.slice(0, literal.indexOf('=')));
    expect(Object.keys(find('Secret', 'streamline-secrets').stringData!).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it('scales the consumer on its own group and brokers, never above the partitions of its topic', () => {
    const scaled = find('ScaledObject', 'streamline-consumer');
    const trigger = scaled.spec.triggers[0];
    const consumerEnv = containerEnv(APPS[1]);
    expect(scaled.spec.scaleTargetRef.name).toBe(deploymentOf(APPS[1]).metadata.name);
    expect(trigger.metadata.consumerGroup).toBe(consumerEnv.KAFKA_GROUP_ID);
    expect(trigger.metadata.bootstrapServers).toBe(consumerEnv.KAFKA_BROKERS);
    const topic = ORDER_TOPICS.find((t) => t.name === trigger.metadata.topic)!;
    expect(topic).toBeDefined();
    expect(scaled.spec.maxReplicaCount).toBeLessThanOrEqual(topic.partitions);
    const secret = find('Secret', 'streamline-secrets').stringData!;
    const auth = find('TriggerAuthentication', trigger.authenticationRef.name);
    expect(auth.spec.secretTargetRef.filter((ref: { key: string }) => !(ref.key in secret))).toEqual([]);
  });

  it('routes Services and the ServiceMonitor to named container ports, and disruption budgets to the pods', () => {
    const monitor = find('ServiceMonitor', 'streamline');
    for (const app of APPS) {
      const service = find('Service', `streamline-${app.name}`);
      const portNames = containerOf(app).ports.map((p: { name: string }) => p.name);
      expect(service.spec.ports.map((p: { targetPort: string }) => p.targetPort).filter((p: string) => !portNames.includes(p))).toEqual([]);
      expect(service.spec.selector).toEqual(deploymentOf(app).spec.selector.matchLabels);
      // The console has no /metrics: the ServiceMonitor must not select its Service.
      expect([app.name, selects(monitor.spec.selector, { ...commonLabels, ...service.metadata.labels })]).toEqual([app.name, app.service]);
      if (!app.service) continue;
      expect(find('PodDisruptionBudget', `streamline-${app.name}`).spec.selector.matchLabels).toEqual(deploymentOf(app).spec.selector.matchLabels);
      expect(portNames).toContain(monitor.spec.endpoints[0].port);
    }
  });

  describe('probes against the running apps', () => {
    const started: AppProcess[] = [];
    afterAll(async () => {
      await Promise.all(started.map((app) => app.stop()));
    });

    it.each(APPS)('answers 200 on every probe of the $name, which listens on the port the manifest names', async (app) => {
      const container = containerOf(app);
      const env: Record<string, string> = { ...containerEnv(app), KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: `${randomName('k8s')}.` };
      const containerPort = container.ports.find((p: { name: string }) => p.name === 'http').containerPort;
      expect(Number(env.PORT)).toBe(containerPort);
      // On a shared machine the app takes a free port; the manifest's port is checked above.
      delete env.PORT;
      delete env.DATABASE_URL;
      delete env.NODE_OPTIONS;
      const process = await startApp(
        app.name,
        { ...env, KAFKA_GROUP_ID: randomName('k8s'), PGLITE_DATA_DIR: 'memory', KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD: '' },
        app.readyPath,
      );
      started.push(process);
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        const { path, port } = container[probe].httpGet;
        expect(port).toBe('http');
        const response = await fetch(`${process.url}${path}`);
        expect([probe, path, response.status]).toEqual([probe, path, 200]);
      }
    });
  });
});
