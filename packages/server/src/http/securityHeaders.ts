import type { ServerResponse } from 'node:http';

export interface SecurityHeadersOptions {
  /** Send Strict-Transport-Security (only behind HTTPS). @default false */
  hsts?: boolean;
}

/**
 * Response headers for a JSON API (OWASP REST Security Cheat Sheet). Written by hand, not
 * with helmet: the set is fixed, computed once, and helmet's defaults target HTML pages.
 * The Sandbox landing page (development only) gets no CSP so it can load its scripts.
 */
export function createSecurityHeaders({ hsts = false }: SecurityHeadersOptions = {}) {
  const common: Array<[string, string]> = [
    ['x-content-type-options', 'nosniff'],
    ['x-frame-options', 'DENY'],
    ['referrer-policy', 'no-referrer'],
    ['cross-origin-opener-policy', 'same-origin'],
    ['cross-origin-resource-policy', 'same-site'],
    ['x-permitted-cross-domain-policies', 'none'],
    ...(hsts ? ([['strict-transport-security', 'max-age=31536000; includeSubDomains']] as Array<[string, string]>) : []),
  ];
  const api: Array<[string, string]> = [...common, ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"]];
  return (res: ServerResponse, kind: 'api' | 'html' = 'api'): void => {
    for (const [name, value] of kind === 'api' ? api : common) res.setHeader(name, value);
  };
}
