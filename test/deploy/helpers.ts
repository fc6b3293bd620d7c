import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const read = (relative: string) => readFileSync(path.join(ROOT, relative), 'utf8');

/** Every file under `dir` (relative to the repo root) whose name ends with one of `exts`. */
export function filesUnder(dir: string, exts: string[]): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(ROOT, relative))) {
      if (entry === 'node_modules' || entry === 'generated') continue;
      const child = path.join(relative, entry);
      if (statSync(path.join(ROOT, child)).isDirectory()) walk(child);
      else if (exts.some((e) => entry.endsWith(e))) found.push(child);
    }
  };
  walk(dir);
  return found.sort();
}

/** All YAML documents of a file, failing on any syntax error; `<<` merge keys resolved (compose anchors). */
export function yamlDocs(relative: string): any[] {
  return parseAllDocuments(read(relative), { merge: true }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${relative}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS();
  });
}

export interface DockerTarget {
  name: string;
  exposes: number[];
  cmd: string[];
  healthPath: string | null;
  /** WORKDIR of the target. */
  workdir: string | null;
  /** `COPY --from=<stage> <from> <to>` lines: what the image is made of. */
  copies: Array<{ stage: string; from: string; to: string }>;
}

/** The service stages of the Dockerfile (`FROM runtime AS <name>`) and whether the runtime is non-root. */
export function dockerfile(): { targets: Map<string, DockerTarget>; runtimeUser: string | null; stages: string[]; runtimeBlock: string; text: string } {
  const text = read('Dockerfile');
  const stages = [...text.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gm)].map((m) => m[1] as string);
  const runtimeBlock = text.split(/^FROM /m).find((b) => /AS runtime\b/.test(b.split('\n')[0] ?? '')) ?? '';
  const runtimeUser = /^USER\s+(\S+)/m.exec(runtimeBlock)?.[1] ?? null;
  const targets = new Map<string, DockerTarget>();
  for (const block of text.split(/^FROM /m)) {
    const head = /^runtime\s+AS\s+(\S+)/.exec(block);
    if (!head) continue;
    targets.set(head[1] as string, {
      name: head[1] as string,
      exposes: [...block.matchAll(/^EXPOSE\s+(\d+)/gm)].map((m) => Number(m[1])),
      cmd: JSON.parse(/^CMD\s+(\[.*\])/m.exec(block)?.[1] ?? '[]') as string[],
      healthPath: /fetch\('http:\/\/127\.0\.0\.1:\d+(\/[^']*)'\)/.exec(block)?.[1] ?? null,
      workdir: /^WORKDIR\s+(\S+)/m.exec(block)?.[1] ?? null,
      copies: [...block.matchAll(/^COPY\s+--from=(\S+)\s+(?:--chown=\S+\s+)?(\S+)\s+(\S+)/gm)].map((m) => ({ stage: m[1]!, from: m[2]!, to: m[3]! })),
    });
  }
  return { targets, runtimeUser, stages, runtimeBlock, text };
}

/** Metric names the services define (prom-client `name:`) plus the runtime defaults and Prometheus' own. */
export function knownMetrics(): Set<string> {
  const names = new Set<string>(['up']);
  for (const file of filesUnder('packages/telemetry/src/metrics', ['.ts'])) {
    for (const m of read(file).matchAll(/name: '([a-z_]+)'/g)) {
      const base = m[1] as string;
      for (const suffix of ['', '_bucket', '_count', '_sum']) names.add(base + suffix);
    }
  }
  return names;
}

/** Metric names a PromQL expression selects (identifiers followed by a selector, range, or closing call). */
export function metricsIn(expr: string): string[] {
  const keywords = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'le']);
  const found = new Set<string>();
  const withoutGrouping = expr.replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  for (const m of withoutGrouping.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?=[{[)])/g)) {
    const name = m[1] as string;
    if (!keywords.has(name) && !/^\$/.test(name) && !/^[A-Z]/.test(name)) found.add(name);
  }
  return [...found];
}

/** Env var names the code reads: parseEnv shapes, `env.X`, `env['X']`, `secret('X', …)`. */
export function envVarsInCode(): Set<string> {
  const names = new Set<string>();
  const dirs = ['packages', 'gateway/src', 'subgraphs', 'scripts', 'prisma'];
  for (const dir of dirs) {
    for (const file of filesUnder(dir, ['.ts', '.mjs'])) {
      if (file.includes('generated') || file.includes('node_modules') || file.endsWith('.test.ts') || file.includes('/test/')) continue;
      const text = read(file);
      for (const m of text.matchAll(/\benv(?:\?)?\.([A-Z][A-Z0-9_]+)\b/g)) names.add(m[1] as string);
      for (const m of text.matchAll(/\benv\[['`"]([A-Z][A-Z0-9_]+)['`"]\]/g)) names.add(m[1] as string);
      for (const m of text.matchAll(/secret\('([A-Z][A-Z0-9_]+)'/g)) names.add(m[1] as string);
      if (text.includes('parseEnv(')) {
        for (const m of text.matchAll(/(?:^\s+|[{,]\s*)([A-Z][A-Z0-9]*_[A-Z0-9_]+|PORT|HOST|HSTS):\s/gm)) names.add(m[1] as string);
      }
    }
  }
  return names;
}
