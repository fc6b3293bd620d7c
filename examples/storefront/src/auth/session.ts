import type { SessionFieldsFragment } from '../gql/graphql';

export type Customer = SessionFieldsFragment['customer'];

export interface Tokens {
  accessToken: string;
  /** Epoch milliseconds. */
  accessExpiresAt: number;
  refreshToken: string;
  customer: Customer;
}

/** Exchanges a refresh token for the next pair (the `refreshToken` mutation). */
export type Refresher = (refreshToken: string) => Promise<SessionFieldsFragment>;

const STORAGE_KEY = 'ordergraph.session';
/** Refresh this long before the access token expires, so no request carries a dying token. */
const REFRESH_MARGIN_MS = 30_000;

/**
 * The signed-in session: tokens in localStorage so a reload or a second tab stays signed in.
 * Refresh tokens are single use and the API signs out every device when one is presented twice,
 * so refreshing is serialised across tabs with a Web Lock, and whoever gets the lock first
 * re-reads storage: if another tab already refreshed, its new pair is used as is.
 */
export class Session {
  private listeners = new Set<() => void>();
  private inFlight: Promise<string | null> | null = null;

  constructor(
    private readonly refresher: Refresher,
    private readonly storage: Storage = window.localStorage,
  ) {
    // Another tab signed in, refreshed or signed out.
    window.addEventListener('storage', (event) => {
      if (event.key === STORAGE_KEY) this.emit();
    });
  }

  get tokens(): Tokens | null {
    const raw = this.storage.getItem(STORAGE_KEY);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as Tokens;
    } catch {
      return null;
    }
  }

  get customer(): Customer | null {
    return this.tokens?.customer ?? null;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Store what signUp / signIn / refreshToken returned. */
  set(payload: SessionFieldsFragment): void {
    const tokens: Tokens = {
      accessToken: payload.accessToken,
      accessExpiresAt: Date.now() + payload.expiresIn * 1000,
      refreshToken: payload.refreshToken,
      customer: payload.customer,
    };
    this.storage.setItem(STORAGE_KEY, JSON.stringify(tokens));
    this.emit();
  }

  clear(): void {
    if (this.storage.getItem(STORAGE_KEY) === null) return;
    this.storage.removeItem(STORAGE_KEY);
    this.emit();
  }

  /** A usable access token (refreshed first when it is about to expire), or null when signed out. */
  async accessToken(): Promise<string | null> {
    const tokens = this.tokens;
    if (!tokens) return null;
    if (tokens.accessExpiresAt - REFRESH_MARGIN_MS > Date.now()) return tokens.accessToken;
    return this.refresh(tokens.accessToken);
  }

  /**
   * Get a new access token because the API refused `rejected` (expired or revoked). Signs out
   * when the refresh token is refused too. Concurrent callers share one refresh.
   */
  refresh(rejected: string | null = this.tokens?.accessToken ?? null): Promise<string | null> {
    this.inFlight ??= this.withLock(async () => {
      const current = this.tokens;
      if (!current) return null;
      // Another tab (or an earlier call) refreshed while we waited for the lock.
      if (current.accessToken !== rejected && current.accessExpiresAt - REFRESH_MARGIN_MS > Date.now()) return current.accessToken;
      try {
        const next = await this.refresher(current.refreshToken);
        this.set(next);
        return next.accessToken;
      } catch (error) {
        // Only a refused refresh token ends the session; a network error keeps it for a retry.
        if (error instanceof RefreshRefusedError) this.clear();
        throw error;
      }
    }).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async withLock<T>(fn: () => Promise<T>): Promise<T> {
    return navigator.locks ? navigator.locks.request('ordergraph.session.refresh', fn) : fn();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The API refused the refresh token (expired, used, or signed out): the session is over. */
export class RefreshRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefreshRefusedError';
  }
}
