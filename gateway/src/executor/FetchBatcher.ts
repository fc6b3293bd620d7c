import type { FetchNode } from '@apollo/query-planner';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLFormattedError } from 'graphql';
import { mergeEntityFetches, type MergedFetch } from './mergeEntityFetches.js';

/** One fetch of the plan, ready to go: its node, variables, and how to send an operation. */
export interface PendingFetch {
  fetch: FetchNode;
  variables: Record<string, any>;
  resolve(response: GatewayGraphQLResponse): void;
  reject(error: unknown): void;
}

export type SendOperation = (serviceName: string, operation: { query: string; operationName: string | undefined; document: MergedFetch['document'] | FetchNode['operationDocumentNode']; variables: Record<string, any> }) => Promise<GatewayGraphQLResponse>;

/**
 * Runs an operation's fetches in waves: a fetch that becomes ready while others of the same
 * operation are in flight waits for them, and each wave sends one call per subgraph, entity
 * fetches to the same subgraph merged into one operation (one aliased `_entities` field each).
 * A plan's parallel branches then share calls level by level: the benchmark query's 16
 * subgraph calls become 8. The cost is that a fast branch's next level waits for the slowest
 * call of the current one.
 */
export class FetchBatcher {
  private inFlight = 0;
  private queue: PendingFetch[] = [];
  private scheduled = false;
  /** Subgraph calls made so far. */
  calls = 0;

  constructor(
    private readonly send: SendOperation,
    /** Merged operations by the fetch nodes they combine, shared by every run of one plan. */
    private readonly merged: Map<string, MergedFetch>,
    /** false: no waves, every fetch goes out as soon as it is ready, on its own. @default true */
    private readonly batch = true,
  ) {}

  fetch(fetch: FetchNode, variables: Record<string, any>): Promise<GatewayGraphQLResponse> {
    return new Promise((resolve, reject) => {
      if (!this.batch) return this.dispatch(fetch.serviceName, [{ fetch, variables, resolve, reject }]);
      this.queue.push({ fetch, variables, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight > 0) return;
    this.scheduled = true;
    // After the microtasks that follow the last response: the plan's continuations have then
    // queued every fetch of the next level.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const wave = this.queue;
    this.queue = [];
    const entityFetches = new Map<string, PendingFetch[]>();
    for (const pending of wave) {
      if (!pending.fetch.requires) {
        this.dispatch(pending.fetch.serviceName, [pending]);
        continue;
      }
      const group = entityFetches.get(pending.fetch.serviceName);
      if (group) group.push(pending);
      else entityFetches.set(pending.fetch.serviceName, [pending]);
    }
    for (const [serviceName, group] of entityFetches) this.dispatch(serviceName, group);
  }

  private dispatch(serviceName: string, group: PendingFetch[]): void {
    this.inFlight += 1;
    this.calls += 1;
    const done = () => {
      this.inFlight -= 1;
      if (this.inFlight === 0 && this.queue.length > 0) this.schedule();
    };
    if (group.length === 1) {
      const [{ fetch, variables, resolve, reject }] = group as [PendingFetch];
      this.send(serviceName, { query: fetch.operation, operationName: fetch.operationName, document: fetch.operationDocumentNode, variables })
        .then(resolve, reject)
        .finally(done);
      return;
    }
    const key = group.map((p) => fetchId(p.fetch)).join(',');
    let merged = this.merged.get(key);
    if (!merged) {
      merged = mergeEntityFetches(group.map((p) => p.fetch));
      this.merged.set(key, merged);
    }
    const variables: Record<string, any> = Object.create(null);
    group.forEach((p, i) => {
      for (const [name, value] of Object.entries(p.variables)) variables[name === 'representations' ? merged.representations[i]! : name] = value;
    });
    this.send(serviceName, { query: merged.query, operationName: merged.operationName, document: merged.document, variables })
      .then((response) => group.forEach((p, i) => p.resolve(split(response, merged, i))), (error) => group.forEach((p) => p.reject(error)))
      .finally(done);
  }
}

/** The part of a merged response that belongs to fetch `i`, as if it had been sent alone. */
function split(response: GatewayGraphQLResponse, merged: MergedFetch, i: number): GatewayGraphQLResponse {
  const alias = merged.aliases[i]!;
  const data = response.data ? { _entities: (response.data as Record<string, unknown>)[alias] ?? null } : response.data;
  const errors: GraphQLFormattedError[] = [];
  for (const error of response.errors ?? []) {
    const head = error.path?.[0];
    // Errors without a path are about the whole call: every fetch in it reports them.
    if (head === undefined) errors.push(error);
    else if (head === alias) errors.push({ ...error, path: ['_entities', ...error.path!.slice(1)] });
  }
  return errors.length > 0 ? { ...response, data, errors } : { ...response, data, errors: undefined };
}

const ids = new WeakMap<FetchNode, number>();
let nextId = 0;
/** A stable id per fetch node (plans are cached, so nodes live as long as their plan). */
function fetchId(fetch: FetchNode): number {
  let id = ids.get(fetch);
  if (id === undefined) ids.set(fetch, (id = nextId++));
  return id;
}
