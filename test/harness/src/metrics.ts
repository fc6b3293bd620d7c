/** One scrape of a Prometheus `/metrics` endpoint, parsed for assertions. */
export interface MetricsScrape {
  text: string;
  /**
   * Sum of the samples named `name` whose labels include `labels` (0 when none match,
   * `undefined` when no sample has that name at all).
   */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** Every sample of `name` with its labels. */
  samples(name: string): Array<{ labels: Record<string, string>; value: number }>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseMetrics(text: string): MetricsScrape {
  const parsed: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key as string] = (value as string).replace(/\\(.)/g, '$1');
    parsed.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  const samples = (name: string) => parsed.filter((s) => s.name === name).map(({ labels, value }) => ({ labels, value }));
  return {
    text,
    samples,
    value(name, labels = {}) {
      const all = samples(name);
      if (all.length === 0) return undefined;
      return all.filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
    },
  };
}

/** GET `<service origin>/metrics` and parse it. @param serviceUrl any URL of the service, e.g. its /graphql URL */
export async function scrapeMetrics(serviceUrl: string): Promise<MetricsScrape> {
  const response = await fetch(new URL('/metrics', serviceUrl));
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  return parseMetrics(await response.text());
}
