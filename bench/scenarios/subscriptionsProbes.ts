import { readFileSync } from 'node:fs';
import { parseMetrics } from '@ordergraph/testing';

// What the subscriptions scenario reads from the machine and the services.

/** The process's open-file limit (each subscriber holds a socket in the gateway). */
export function openFilesLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    return Number(line?.split(/\s+/)[3]);
  } catch {
    return Number.NaN;
  }
}

/** One GraphQL POST, its JSON body. */
export async function post(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: any; errors?: any[] };
}

export async function metric(url: string, name: string): Promise<number | undefined> {
  return (await scrape(url))?.value(name);
}

/** The service's /metrics, parsed; undefined when it cannot be scraped. */
export async function scrape(url: string) {
  try {
    return parseMetrics(await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text());
  } catch {
    return undefined;
  }
}
