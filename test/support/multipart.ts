import { waitFor } from './waitFor.js';

export const SUBSCRIPTION_ACCEPT = 'multipart/mixed;boundary="graphql";subscriptionSpec="1.0",application/json';
export const DEFER_ACCEPT = 'multipart/mixed;deferSpec=20220824,application/json';

export interface MultipartStream {
  status: number;
  contentType: string;
  /** Every JSON part received so far, in order. */
  parts: any[];
  /** Resolves when the body ended; `closedCleanly` says whether it ended with the closing boundary. */
  ended: Promise<{ closedCleanly: boolean }>;
  /** The first part (at or after index `from`) that matches. */
  next(predicate: (part: any) => boolean, from?: number, timeoutMs?: number): Promise<any>;
  abort(): void;
}

/**
 * POST an operation and read a multipart/mixed response the way a client must: parts are split
 * on the boundary from the content-type, each part's JSON body parsed as it arrives.
 */
export async function multipart(url: string, body: unknown, options: { accept: string; token?: string; headers?: Record<string, string> }): Promise<MultipartStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: options.accept, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  const contentType = response.headers.get('content-type') ?? '';
  const parts: any[] = [];
  const boundary = `\r\n--${/boundary="?([^";]+)"?/.exec(contentType)?.[1] ?? '-'}`;
  const ended = (async () => {
    if (!contentType.startsWith('multipart/mixed')) {
      parts.push(await response.json());
      return { closedCleanly: true };
    }
    let buffer = '';
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let at: number;
        while ((at = buffer.indexOf(boundary)) !== -1) {
          const part = buffer.slice(0, at);
          buffer = buffer.slice(at + boundary.length);
          const bodyAt = part.indexOf('\r\n\r\n');
          if (bodyAt !== -1) parts.push(JSON.parse(part.slice(bodyAt + 4)));
        }
      }
    } catch {
      return { closedCleanly: false };
    }
    return { closedCleanly: buffer.startsWith('--') };
  })();
  ended.catch(() => undefined);
  return {
    status: response.status,
    contentType,
    parts,
    ended,
    next: (predicate, from = 0, timeoutMs = 10_000) => waitFor('a matching part', () => parts.slice(from).find(predicate), timeoutMs),
    abort: () => controller.abort(),
  };
}
