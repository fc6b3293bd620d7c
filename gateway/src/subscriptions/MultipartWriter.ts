import type { ServerResponse } from 'node:http';

/**
 * Writes a `multipart/mixed` response one JSON part at a time. Each part is followed at once by
 * the boundary, so a client (Apollo Client's parser splits on boundaries) gets it without
 * waiting for the next one; `end()` writes the closing boundary.
 */
export class MultipartWriter {
  private ended = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly boundary: string,
    spec: string,
  ) {
    res.writeHead(200, {
      'content-type': `multipart/mixed;boundary="${boundary}";${spec}`,
      'cache-control': 'no-cache',
      // Proxies (nginx) must not buffer a stream.
      'x-accel-buffering': 'no',
    });
    res.write(`\r\n--${boundary}`);
  }

  /** The client left, or the response was ended. */
  get closed(): boolean {
    return this.ended || this.res.destroyed || this.res.writableEnded;
  }

  /** @returns false when the socket's buffer is full (see partDrained) or the response is over. */
  part(body: unknown): boolean {
    if (this.closed) return false;
    return this.res.write(`\r\ncontent-type: application/json; charset=utf-8\r\n\r\n${JSON.stringify(body)}\r\n--${this.boundary}`);
  }

  /** Write a part, then wait until the client has read enough (or left). @returns false when it left. */
  async partDrained(body: unknown): Promise<boolean> {
    if (this.part(body)) return true;
    if (this.closed) return false;
    // Both events: a slow client that disconnects never drains (waiting on 'drain' alone would hang).
    await new Promise<void>((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.once('drain', done);
      this.res.once('close', done);
    });
    return !this.closed;
  }

  end(): void {
    if (this.closed) return;
    this.ended = true;
    this.res.end('--\r\n');
  }
}
