import { z } from 'zod';
import { booleanFlag, ConfigError, loadDataLoaderConfig, loadSubgraphCommonConfig, parseEnv, type DataLoaderConfig, type SubgraphCommonConfig } from '@ordergraph/core';
import { resolveDatabaseTarget, type DatabaseTarget } from '@ordergraph/db';
import type { ProviderOptions } from './services/SimulatedProvider.js';
import type { StripeProviderOptions } from './services/StripeProvider.js';

export type PaymentProviderConfig =
  | { kind: 'simulator'; options: ProviderOptions }
  | { kind: 'stripe'; options: StripeProviderOptions; webhook: { secret: string; toleranceSeconds: number } };

export interface PaymentsConfig extends SubgraphCommonConfig {
  database: DatabaseTarget;
  dataLoader: DataLoaderConfig;
  provider: PaymentProviderConfig;
}

const tokens = (list: string) => list.split(',').map((t) => t.trim()).filter(Boolean);

function simulatorOptions(env: Record<string, string | undefined>): ProviderOptions {
  const parsed = parseEnv(
    {
      PAYMENT_DECLINE_TOKENS: z.string().default('tok_decline'),
      PAYMENT_PENDING_TOKENS: z.string().default('tok_3ds'),
      PAYMENT_PENDING_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
      PAYMENT_DECLINE_OVER_AMOUNT: z.coerce.number().int().min(0).default(1_000_000),
      PAYMENT_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
      PAYMENT_FAILURE_RATE: z.coerce.number().min(0, 'expected a number from 0 to 1').max(1, 'expected a number from 0 to 1').default(0),
    },
    env,
  );
  return {
    declineTokens: tokens(parsed.PAYMENT_DECLINE_TOKENS),
    pendingTokens: tokens(parsed.PAYMENT_PENDING_TOKENS),
    pendingMs: parsed.PAYMENT_PENDING_MS,
    declineOverAmount: parsed.PAYMENT_DECLINE_OVER_AMOUNT,
    latencyMs: parsed.PAYMENT_LATENCY_MS,
    failureRate: parsed.PAYMENT_FAILURE_RATE,
  };
}

function stripeConfig(env: Record<string, string | undefined>): PaymentProviderConfig {
  const parsed = parseEnv(
    {
      STRIPE_SECRET_KEY: z.string({ message: 'required with PAYMENT_PROVIDER=stripe' }).regex(/^(sk|rk)_(live|test)_\w+$/, 'expected a Stripe secret key (sk_live_… or sk_test_…)'),
      STRIPE_WEBHOOK_SECRET: z.string({ message: 'required with PAYMENT_PROVIDER=stripe' }).regex(/^whsec_\w+$/, 'expected the endpoint signing secret (whsec_…)'),
      STRIPE_API_URL: z.url({ message: 'expected a URL such as http://127.0.0.1:12111' }).optional(),
      STRIPE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
      STRIPE_MAX_NETWORK_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
      STRIPE_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    },
    env,
  );
  return {
    kind: 'stripe',
    options: { secretKey: parsed.STRIPE_SECRET_KEY, apiUrl: parsed.STRIPE_API_URL, timeoutMs: parsed.STRIPE_TIMEOUT_MS, maxNetworkRetries: parsed.STRIPE_MAX_NETWORK_RETRIES },
    webhook: { secret: parsed.STRIPE_WEBHOOK_SECRET, toleranceSeconds: parsed.STRIPE_WEBHOOK_TOLERANCE_SECONDS },
  };
}

/** The simulator never runs in production by accident: it approves any `tok_…` and keeps no money. */
export function loadProviderConfig(env: Record<string, string | undefined>, production: boolean): PaymentProviderConfig {
  const parsed = parseEnv(
    {
      PAYMENT_PROVIDER: z.enum(['simulator', 'stripe'], { message: 'expected simulator or stripe' }).optional(),
      PAYMENT_SIMULATOR_IN_PRODUCTION: booleanFlag(false),
    },
    env,
  );
  const kind = parsed.PAYMENT_PROVIDER ?? (production ? undefined : 'simulator');
  if (kind === 'stripe') return stripeConfig(env);
  if (production && (!kind || !parsed.PAYMENT_SIMULATOR_IN_PRODUCTION)) {
    throw new ConfigError(
      'Invalid configuration:\n  PAYMENT_PROVIDER: production needs a real provider (stripe); the simulator runs in production only with ' +
        'PAYMENT_PROVIDER=simulator and PAYMENT_SIMULATOR_IN_PRODUCTION=true (demos)' +
        (kind ? '' : ' (not set)'),
    );
  }
  return { kind: 'simulator', options: simulatorOptions(env) };
}

export function loadPaymentsConfig(env: Record<string, string | undefined>): PaymentsConfig {
  const common = loadSubgraphCommonConfig(env, 4004);
  return {
    ...common,
    database: resolveDatabaseTarget('payments', env),
    dataLoader: loadDataLoaderConfig(env),
    provider: loadProviderConfig(env, common.nodeEnv === 'production'),
  };
}
