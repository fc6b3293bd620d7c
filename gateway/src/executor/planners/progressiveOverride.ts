import type { Schema } from '@apollo/federation-internals';

/**
 * The progressive `@override` labels one request plans with. Both planners get the same
 * decision: Hive's as `activeLabels` + `percentage`, Apollo's as its `overrideConditions`.
 */
export interface OverrideDecision {
  /** Every label in force: custom labels switched on and each `percent(N)` with `percentage < N`. */
  active: ReadonlySet<string>;
  /** This request's roll in [0, 100): `percent(N)` moves the field for rolls below N (Hive's rule). */
  percentage: number;
  /** What distinguishes this decision's plan from the others' (the operation cache key's suffix). */
  key: string;
}

export interface ProgressiveOverrideOptions {
  /** Custom (non-percentage) labels in force for every request (`GATEWAY_OVERRIDE_LABELS`). @default [] */
  activeLabels?: readonly string[];
  /** A number in [0, 1); tests pass their own. @default Math.random */
  random?: () => number;
}

const PERCENT = /^percent\((\d+(?:\.\d+)?)\)$/;

/**
 * `@override(from: "x", label: "percent(25)")` moves a field to its new subgraph for about 25 %
 * of requests; `label: "beta"` moves it when the operator switches `beta` on. Stock
 * @apollo/gateway never switches any label on (every labelled field stays where it was); this
 * rolls once per request, so each request gets one consistent plan, and the plans differ only
 * by which labels are in force: one cached plan per operation and decision.
 */
export class ProgressiveOverride {
  private readonly percentages: Array<{ label: string; percent: number }>;
  private readonly custom: string[];
  private readonly customOn: string[];
  private readonly random: () => number;

  private constructor(labels: Set<string>, options: ProgressiveOverrideOptions) {
    this.percentages = [...labels].flatMap((label) => {
      const match = PERCENT.exec(label);
      return match ? [{ label, percent: Number(match[1]) }] : [];
    });
    const on = new Set(options.activeLabels ?? []);
    this.custom = [...labels].filter((label) => !PERCENT.test(label));
    this.customOn = this.custom.filter((label) => on.has(label)).sort();
    this.random = options.random ?? Math.random;
  }

  /** The labels of the supergraph's `@join__field(overrideLabel:)`; null when it has none (nothing to decide). */
  static fromSupergraph(supergraph: Schema, options: ProgressiveOverrideOptions = {}): ProgressiveOverride | null {
    const labels = new Set<string>();
    for (const application of supergraph.directives().find((d) => d.name === 'join__field')?.applications() ?? []) {
      const label = (application.arguments() as { overrideLabel?: string }).overrideLabel;
      if (label) labels.add(label);
    }
    return labels.size > 0 ? new ProgressiveOverride(labels, options) : null;
  }

  /** All labels the supergraph uses. */
  labels(): string[] {
    return [...this.percentages.map((p) => p.label), ...this.custom];
  }

  decide(): OverrideDecision {
    const percentage = this.random() * 100;
    const active = new Set(this.customOn);
    for (const { label, percent } of this.percentages) if (percentage < percent) active.add(label);
    return { active, percentage, key: [...active].sort().join(',') };
  }
}

/** Apollo's planner form (`buildQueryPlan`'s `overrideConditions`; a label it is not given stays off). */
export function overrideConditions(decision: OverrideDecision): Map<string, boolean> {
  return new Map([...decision.active].map((label) => [label, true]));
}
