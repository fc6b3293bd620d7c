// Breaking-change detection for the API schema (`pnpm schema:check`), on @graphql-inspector/core.
import { buildSchema } from 'graphql';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import YAML from 'yaml';

/** One breaking change accepted on purpose, as listed in the acknowledgement file. */
export interface Acknowledgement {
  /** graphql-inspector's change type, e.g. FIELD_REMOVED. */
  type: string;
  /** The schema coordinate it touches, e.g. `Product.sku` or `Query.products.first`. */
  path: string;
  /** Why clients are not hurt (or how they were told). Required: an acknowledgement is a decision. */
  reason: string;
}

export interface SchemaCheckResult {
  /** Breaking changes nobody acknowledged: the check fails on these. */
  breaking: Change[];
  /** Breaking changes listed in the acknowledgement file. */
  acknowledged: Change[];
  /** Changes that may alter behaviour for clients (a new enum value, a changed default). */
  dangerous: Change[];
  safe: Change[];
  /** Acknowledgements that match no change (already in the baseline, or mistyped). */
  unused: Acknowledgement[];
}

const key = (type: string, path: string | undefined) => `${type} ${path ?? ''}`;

/** Parse and validate the acknowledgement file's YAML (a list; empty or missing means none). */
export function parseAcknowledgements(yamlText: string): Acknowledgement[] {
  const parsed: unknown = YAML.parse(yamlText) ?? [];
  if (!Array.isArray(parsed)) throw new Error(`Acknowledgements must be a YAML list of { type, path, reason }; received ${typeof parsed}.`);
  return parsed.map((entry, i) => {
    const { type, path, reason } = (entry ?? {}) as Partial<Acknowledgement>;
    for (const [field, value] of Object.entries({ type, path, reason })) {
      if (typeof value !== 'string' || value.trim() === '') {
        throw new Error(`Acknowledgement #${i + 1} needs a non-empty "${field}" (expected { type, path, reason }); received ${JSON.stringify(entry)}.`);
      }
    }
    return { type: type!, path: path!, reason: reason! };
  });
}

/** Diff `current` against the `baseline` SDL and sort every change by what it means for clients. */
export async function checkSchema(baselineSdl: string, currentSdl: string, acknowledgements: Acknowledgement[]): Promise<SchemaCheckResult> {
  const changes = await diff(buildSchema(baselineSdl), buildSchema(currentSdl));
  const accepted = new Set(acknowledgements.map((a) => key(a.type, a.path)));
  const by = (level: CriticalityLevel) => changes.filter((c) => c.criticality.level === level);
  const breaking = by(CriticalityLevel.Breaking);
  const seen = new Set(breaking.map((c) => key(c.type, c.path)));
  return {
    breaking: breaking.filter((c) => !accepted.has(key(c.type, c.path))),
    acknowledged: breaking.filter((c) => accepted.has(key(c.type, c.path))),
    dangerous: by(CriticalityLevel.Dangerous),
    safe: by(CriticalityLevel.NonBreaking),
    unused: acknowledgements.filter((a) => !seen.has(key(a.type, a.path))),
  };
}

/** The YAML entry a developer pastes into the acknowledgement file for `change`. */
export function acknowledgementFor(change: Change): string {
  return `- type: ${change.type}\n  path: ${change.path ?? ''}\n  reason: "<why no client breaks>"`;
}
