// Typed environment parsing: the zod helpers every service's config is built from. Kept apart from
// config.ts so that opsConfig.ts and config.ts both build on it without importing each other.
import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type Env = Record<string, string | undefined>;

const SENSITIVE_NAME = /SECRET|PASSWORD|TOKEN|KEYS?$|PRIVATE/;

/** How a received value may appear in an error: secrets never, URLs without credentials. */
function shown(name: string, value: string): string {
  if (SENSITIVE_NAME.test(name)) return '<hidden>';
  return JSON.stringify(value.replace(/\/\/[^/@\s]*@/, '//***@'));
}

/**
 * Parse environment variables against a zod shape whose keys are the variable names.
 * Every problem is reported at once, each naming the variable and what was expected.
 */
export function parseEnv<S extends z.ZodRawShape>(shape: S, env: Env): z.infer<z.ZodObject<S>> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) {
    const value = env[key];
    input[key] = value === '' ? undefined : value;
  }
  const result = z.object(shape).safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const received = input[name];
    return `  ${name}: ${issue.message}${received === undefined ? ' (not set)' : ` (received ${shown(name, received)})`}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

export const port = (fallback: number) =>
  z.coerce.number().int().min(0, 'expected a port from 0 to 65535').max(65535, 'expected a port from 0 to 65535').default(fallback);

/** An integer variable of at least `min`, with a message that says so. */
export const integer = (fallback: number, min = 1) => z.coerce.number().int().min(min, `expected an integer ≥ ${min}`).default(fallback);

export const nodeEnv = z.enum(['development', 'test', 'production']).default('development');

export const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

export const url = z.url({ message: 'expected a URL such as http://localhost:4001/graphql' });
