import { compression } from './compression.js';
import { federated, federatedGateway } from './federated.js';
import { gateway } from './gateway.js';
import { nplus1 } from './nplus1.js';
import { orders } from './orders.js';
import { overhead } from './overhead.js';
import { subscriptions } from './subscriptions.js';
import type { Scenario } from './types.js';

/** Every scenario `pnpm bench` runs, in order. Add new ones here. */
export const scenarios: Scenario[] = [federated, federatedGateway, gateway, overhead, compression, nplus1, orders, subscriptions];
