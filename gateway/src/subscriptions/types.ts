import type { FetchNode } from '@apollo/query-planner';
import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';
import type { GatewayContext } from '../context.js';

/** A subscription as the executor planned it, for the transport to run. */
export interface PlannedSubscription {
  /** The fetch that opens the upstream subscription on the subgraph owning the root field. */
  primary: FetchNode;
  /** The variables `primary` uses. */
  variables: Record<string, unknown>;
  /** The operation (query hash and name) and all its variables: equal keys give equal results for the same caller. */
  operationKey: string;
  /** One upstream event → the client's result: fetch the fields of the other subgraphs (the plan's `rest`) and shape. */
  resolveEvent(data: Record<string, any>, context: GatewayContext): Promise<GatewayExecutionResult>;
}

/**
 * Put in the context by a subscription transport (WebSocket, SSE): the executor fills it in
 * rather than execute. Without it (plain HTTP) a subscription gets an error.
 */
export interface SubscriptionSlot {
  planned?: PlannedSubscription;
}
