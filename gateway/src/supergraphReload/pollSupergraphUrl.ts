export interface SupergraphUrlOptions {
  /** Where the supergraph SDL is served (`SUPERGRAPH_URL`). */
  href: string;
  /** Time between polls (`SUPERGRAPH_POLL_INTERVAL_MS`). @default 10000 */
  intervalMs: number;
  /** Sent as the Authorization header (`SUPERGRAPH_URL_AUTHORIZATION`), e.g. `Bearer <registry token>`. */
  authorization: string | null;
  /** Give up on one poll after this long. @default 5000 */
  timeoutMs?: number;
}

/**
 * Poll a schema registry's supergraph with conditional requests (ETag / If-None-Match, so an
 * unchanged schema costs a 304). `first` is the first poll's SDL (null if it failed: the file is
 * served meanwhile); every later changed SDL goes to `changed`.
 */
export function pollSupergraphUrl(options: SupergraphUrlOptions, changed: (sdl: string) => void, failed: (error: unknown) => void) {
  let etag: string | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const fetchOnce = async (): Promise<string | null> => {
    const headers: Record<string, string> = { accept: 'text/plain, application/graphql, */*' };
    if (etag) headers['if-none-match'] = etag;
    if (options.authorization) headers.authorization = options.authorization;
    const response = await fetch(options.href, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
    if (response.status === 304) return null;
    if (!response.ok) throw new Error(`${options.href} answered HTTP ${response.status}`);
    const sdl = await response.text();
    etag = response.headers.get('etag');
    return sdl;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      try {
        const sdl = await fetchOnce();
        if (sdl !== null && !stopped) changed(sdl);
      } catch (error) {
        if (!stopped) failed(error);
      }
      schedule();
    }, options.intervalMs);
    timer.unref();
  };

  const first = fetchOnce().then(
    (sdl) => sdl,
    (error: unknown) => {
      failed(error);
      return null;
    },
  );
  void first.finally(schedule);
  return {
    first,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
