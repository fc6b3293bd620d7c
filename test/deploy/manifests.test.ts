import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProductsService, loadProductsConfig } from '@ordergraph/products';
import { dockerfile, envVarsInCode, filesUnder, knownMetrics, metricsIn, read, ROOT, yamlDocs } from './helpers.js';

const SERVICES = { gateway: 4000, accounts: 4001, products: 4002, orders: 4003, payments: 4004 } as const;
/** Where every service serves /metrics in these deployments (METRICS_PORT): never an API port. */
const METRICS_PORT = 9464;
type Name = keyof typeof SERVICES;
const NAMES = Object.keys(SERVICES) as Name[];

// The probe and scrape paths the manifests use, checked against a real running service with
// metrics on a port of its own, as deployed (a free one here).
let liveUrl: string;
let metricsUrl: string;
let stopService: () => Promise<void>;
beforeAll(async () => {
  const service = await createProductsService(loadProductsConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:', METRICS_PORT: '0' }));
  liveUrl = await service.start(0, '127.0.0.1');
  metricsUrl = service.metricsUrl!;
  stopService = () => service.stop();
});
afterAll(async () => {
  await stopService?.();
});
const served = async (p: string) => (await fetch(new URL(p, liveUrl))).status;
const servedOnMetricsPort = async (p: string) => (await fetch(new URL(p, metricsUrl))).status;

describe('every deployment file parses', () => {
  const yamlFiles = ['docker-compose.yml', ...filesUnder('deploy', ['.yml', '.yaml'])];
  it.each(yamlFiles)('%s', (file) => {
    const docs = yamlDocs(file);
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) expect(doc).toBeTypeOf('object');
  });
  it.each(filesUnder('deploy', ['.json']))('%s', (file) => {
    expect(() => JSON.parse(read(file))).not.toThrow();
  });
});

describe('Dockerfile', () => {
  const { targets, runtimeUser, stages, runtimeBlock, text } = dockerfile();
  const packageDir = (name: Name) => (name === 'gateway' ? 'gateway' : `subgraphs/${name}`);
  it('has one non-root target per service, exposing its default port and running its compiled entry point', () => {
    expect(runtimeUser).toBe('node');
    expect(stages).toEqual(expect.arrayContaining(['build', 'runtime', ...NAMES]));
    for (const name of NAMES) {
      const target = targets.get(name);
      expect(target, name).toBeDefined();
      expect(target!.exposes).toEqual([SERVICES[name]]);
      // `node [flags] dist/index.js` in the service's own directory, laid out as in the repository;
      // the flags are the package's declared V8 flags ("nodeFlags", the gateway's heap growth).
      const pkg = JSON.parse(read(`${packageDir(name)}/package.json`)) as { nodeFlags?: string[]; scripts: { start: string } };
      const flags = pkg.nodeFlags ?? [];
      expect(target!.cmd).toEqual([...flags, 'dist/index.js']);
      expect(pkg.scripts.start, `${name} start script`).toBe(['node', '--conditions=production', ...flags, 'dist/index.js'].join(' '));
      expect(target!.workdir).toBe(`/app/${packageDir(name)}`);
      expect(existsSync(path.join(ROOT, packageDir(name), 'src/index.ts')), `${packageDir(name)}/src/index.ts`).toBe(true);
      expect(target!.healthPath).toBe('/health/live');
    }
  });
  it('runs compiled JavaScript under the production export condition, never tsx', () => {
    expect(/^ENTRYPOINT\s+\["node"\]/m.test(runtimeBlock)).toBe(true);
    expect(runtimeBlock).toMatch(/NODE_OPTIONS=--conditions=production/);
    expect(text).not.toMatch(/tsx/);
    expect(text).toMatch(/pnpm install --frozen-lockfile --offline && pnpm build/);
  });
  it('builds each image from that service\'s `pnpm deploy --prod` output alone, migrations included', () => {
    expect(text).toMatch(/for service in gateway accounts products orders payments; do/);
    expect(text).toMatch(/--filter "@ordergraph\/\$service" deploy --prod --offline "\/deploy\/\$service"/);
    // A subgraph's migrations are a dependency (@ordergraph/prisma ships them in "files").
    const prisma = JSON.parse(read('prisma/package.json')) as { name: string; files: string[] };
    for (const name of NAMES) {
      expect(targets.get(name)!.copies).toEqual([{ stage: 'build', from: `/deploy/${name}`, to: './' }]);
      if (name === 'gateway') continue;
      const deps = (JSON.parse(read(`subgraphs/${name}/package.json`)) as { dependencies: Record<string, string> }).dependencies;
      expect(deps[prisma.name], name).toBe('workspace:*');
      expect(prisma.files).toContain(`${name}/migrations`);
      expect(existsSync(path.join(ROOT, 'prisma', name, 'migrations'))).toBe(true);
    }
  });
  it('deploys every workspace package with its dist/, which the production condition selects', () => {
    for (const dir of ['gateway', 'subgraphs/accounts', 'subgraphs/orders', 'subgraphs/payments', 'subgraphs/products', 'packages/core', 'packages/db', 'packages/http', 'packages/subgraph', 'packages/telemetry', 'packages/pubsub', 'packages/demo-data', 'packages/graphiql', 'prisma']) {
      const pkg = JSON.parse(read(`${dir}/package.json`)) as { files?: string[]; exports: Record<string, { production?: string; default?: string }> };
      expect(pkg.files, dir).toContain('dist');
      for (const [entry, target] of Object.entries(pkg.exports)) {
        expect(target.production, `${dir} ${entry}`).toBe(target.default?.replace('./src/', './dist/').replace(/\.ts$/, '.js'));
      }
    }
  });
});

describe('docker-compose.yml', () => {
  const compose = yamlDocs('docker-compose.yml')[0];
  const { targets } = dockerfile();
  it('runs PostgreSQL, Redis, the four subgraphs, the gateway, Prometheus, Grafana and Jaeger', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['accounts', 'gateway', 'grafana', 'jaeger', 'orders', 'payments', 'postgres', 'products', 'prometheus', 'redis'].sort(),
    );
  });
  it('builds each service from its Dockerfile target, on its port, with a grace period longer than the drain', () => {
    for (const name of NAMES) {
      const svc = compose.services[name];
      expect(targets.has(svc.build.target)).toBe(true);
      expect(svc.build.target).toBe(name);
      expect(svc.image).toMatch(new RegExp(`^ordergraph/${name}:`));
      expect(Number(svc.environment.PORT)).toBe(SERVICES[name]);
      const grace = Number(/^(\d+)s$/.exec(svc.stop_grace_period)?.[1]) * 1000;
      expect(grace).toBeGreaterThan(Number(svc.environment.SHUTDOWN_TIMEOUT_MS) + Number(svc.environment.SHUTDOWN_DELAY_MS));
      expect(svc.environment.NODE_ENV).toBe('production');
    }
  });
  it('wires the gateway to every subgraph of the supergraph by service name and port', () => {
    const supergraph = read('gateway/supergraph.graphql');
    const names = [...supergraph.matchAll(/@join__graph\(\s*name:\s*"([^"]+)"/g)].map((m) => m[1] as string);
    expect(names.length).toBe(4);
    for (const name of names) {
      expect(compose.services.gateway.environment[`SUBGRAPH_URL_${name.toUpperCase()}`]).toBe(`http://${name}:${SERVICES[name as Name]}/graphql`);
    }
  });
  it('points Prometheus at every service’s metrics port (not published) and mounts files that exist', () => {
    const prometheus = yamlDocs('deploy/prometheus/prometheus.yml')[0];
    const targetsScraped = prometheus.scrape_configs.flatMap((c: any) => c.static_configs.flatMap((s: any) => s.targets));
    expect(targetsScraped.sort()).toEqual(NAMES.map((n) => `${n}:${METRICS_PORT}`).sort());
    for (const name of NAMES) {
      expect(Number(compose.services[name].environment.METRICS_PORT)).toBe(METRICS_PORT);
      expect(compose.services[name].ports ?? []).not.toContainEqual(expect.stringContaining(String(METRICS_PORT)));
    }
    for (const svc of Object.values<any>(compose.services)) {
      for (const volume of svc.volumes ?? []) {
        const host = String(volume).split(':')[0] as string;
        if (host.startsWith('./')) expect(existsSync(path.join(ROOT, host)), host).toBe(true);
      }
    }
  });
});

describe('Prometheus alerts and the Grafana dashboard', () => {
  const metrics = knownMetrics();
  const isKnown = (name: string) => metrics.has(name) || /^(process|nodejs)_/.test(name);
  it('alert on error rate, p95 latency, saga failures and subgraphs down, using metrics the services export', () => {
    const rules = yamlDocs('deploy/prometheus/alerts.yml')[0].groups.flatMap((g: any) => g.rules);
    expect(rules.map((r: any) => r.alert)).toEqual(expect.arrayContaining(['HighErrorRate', 'HighLatencyP95', 'SagaFailures', 'SubgraphDown']));
    const docs = read('docs/operations.md');
    for (const rule of rules) {
      for (const name of metricsIn(rule.expr)) expect(isKnown(name), `${rule.alert}: ${name}`).toBe(true);
      const anchor = /#([\w-]+)$/.exec(rule.annotations.runbook)?.[1];
      expect(docs, `runbook anchor ${anchor}`).toMatch(new RegExp(`^#+ .*\\{#${anchor}\\}|^#+ ${anchor?.replace(/-/g, '[ -]')}`, 'im'));
    }
  });
  it('has technical and business panels, each querying metrics that exist', () => {
    const dashboard = JSON.parse(read('deploy/grafana/dashboards/ordergraph.json'));
    const exprs: string[] = dashboard.panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr));
    for (const expr of exprs) for (const name of metricsIn(expr)) expect(isKnown(name), `${expr}: ${name}`).toBe(true);
    const used = new Set(exprs.flatMap(metricsIn));
    for (const name of ['graphql_request_duration_seconds_bucket', 'subgraph_fetch_duration_seconds_bucket', 'query_plan_cache_total', 'db_query_duration_seconds_bucket', 'orders_created_total', 'payments_processed_total', 'inventory_reservations_total', 'current_stock', 'order_value_bucket']) {
      expect(used.has(name), name).toBe(true);
    }
  });
});

describe('Kubernetes manifests', () => {
  const docs = filesUnder('deploy/k8s', ['.yaml']).flatMap((f) => yamlDocs(f).map((d) => ({ ...d, file: f })));
  const of = (kind: string) => docs.filter((d) => d.kind === kind);
  const { targets } = dockerfile();

  it('lists every manifest in the kustomization', () => {
    const kustomization = yamlDocs('deploy/k8s/kustomization.yaml')[0];
    const files = filesUnder('deploy/k8s', ['.yaml']).map((f) => path.basename(f)).filter((f) => f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it('runs each service non-root, with resources, probes on real paths and its own port', async () => {
    expect(of('Deployment').map((d) => d.metadata.name).sort()).toEqual([...NAMES].sort());
    for (const deployment of of('Deployment')) {
      const name = deployment.metadata.name as Name;
      const pod = deployment.spec.template.spec;
      const [container] = pod.containers;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(container.securityContext.runAsNonRoot).toBe(true);
      expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
      expect(container.resources.requests.cpu && container.resources.limits.memory).toBeTruthy();
      expect(container.ports[0].containerPort).toBe(SERVICES[name]);
      expect(targets.get(name)!.exposes).toEqual([container.ports[0].containerPort]);
      expect(container.image).toMatch(new RegExp(`/${name}:`));
      expect(container.env.find((e: any) => e.name === 'PORT').value).toBe(String(SERVICES[name]));
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(deployment.spec.template.metadata.annotations['prometheus.io/path']).toBe('/metrics');
      // Scraped on the pod's metrics port, the port METRICS_PORT binds.
      const metricsPort = container.ports.find((p: any) => p.name === 'metrics');
      expect(metricsPort?.containerPort).toBe(METRICS_PORT);
      expect(Number(deployment.spec.template.metadata.annotations['prometheus.io/port'])).toBe(METRICS_PORT);
      expect(Number(of('ConfigMap')[0].data.METRICS_PORT)).toBe(METRICS_PORT);
      for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
        expect(probe.httpGet.port).toBe(container.ports[0].name);
        expect(await served(probe.httpGet.path), probe.httpGet.path).toBe(200);
      }
      expect(await servedOnMetricsPort('/metrics')).toBe(200);
      expect(await served('/metrics')).toBe(404);
      expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': name });
      // NODE_OPTIONS set here replaces the image's: it must keep the production export condition,
      // or the workspace packages resolve to their TypeScript sources and the service cannot start.
      const nodeOptions = container.env.find((e: any) => e.name === 'NODE_OPTIONS')?.value as string | undefined;
      if (nodeOptions !== undefined) expect(nodeOptions.split(/\s+/), `${name} NODE_OPTIONS`).toContain('--conditions=production');
      // Kubernetes sends SIGKILL after the grace period: it must cover the configured drain.
      const config = of('ConfigMap')[0].data;
      expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(Number(config.SHUTDOWN_TIMEOUT_MS) + Number(config.SHUTDOWN_DELAY_MS));
    }
  });

  it('gives each Deployment a Service, an HPA and a PodDisruptionBudget that match it', () => {
    for (const name of NAMES) {
      const deployment = of('Deployment').find((d) => d.metadata.name === name);
      const labels = deployment.spec.template.metadata.labels;
      const service = of('Service').find((s) => s.metadata.name === name);
      expect(service.spec.ports[0].port).toBe(SERVICES[name]);
      expect(service.spec.ports[0].targetPort).toBe('http');
      // The Service (what clients and ingresses reach) exposes the API port only.
      expect(service.spec.ports.map((p: any) => p.targetPort)).toEqual(['http']);
      for (const [k, v] of Object.entries(service.spec.selector)) expect(labels[k]).toBe(v);
      const hpa = of('HorizontalPodAutoscaler').find((h) => h.metadata.name === name);
      expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name });
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      const pdb = of('PodDisruptionBudget').find((p) => p.metadata.name === name);
      for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels)) expect(labels[k]).toBe(v);
      expect(pdb.spec.minAvailable).toBeLessThan(hpa.spec.minReplicas);
    }
  });

  it('routes the gateway to the subgraph Services and configures only variables the code reads', () => {
    const config = of('ConfigMap')[0].data as Record<string, string>;
    for (const name of NAMES.filter((n) => n !== 'gateway')) {
      expect(config[`SUBGRAPH_URL_${name.toUpperCase()}`]).toBe(`http://${name}:${SERVICES[name]}/graphql`);
    }
    const known = envVarsInCode();
    const secret = of('Secret')[0].stringData as Record<string, string>;
    for (const key of [...Object.keys(config), ...Object.keys(secret)]) {
      expect(known.has(key) || /^SUBGRAPH_URL_[A-Z]+$/.test(key) || /^[A-Z]+_DATABASE_URL$/.test(key), key).toBe(true);
    }
  });
});

describe('docs/operations.md', () => {
  it('documents every environment variable the code reads', () => {
    const docs = read('docs/operations.md');
    const missing = [...envVarsInCode()].filter((name) => !docs.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
