import type { ServerResponse } from 'node:http';
import { API_CSP } from './contentSecurityPolicy.js';

export interface SecurityHeadersOptions {
  /** Send Strict-Transport-Security (only behind HTTPS). @default false */
  hsts?: boolean;
}

/**
 * Sets the security headers on a response: the API's strict CSP, or `pageCsp` for an HTML
 * page (see contentSecurityPolicy.ts). Calling it again replaces the CSP, so a handler can
 * write the API headers first and the page's once it knows it is serving one.
 */
export type SecurityHeaders = (res: ServerResponse, pageCsp?: string) => void;

/**
 * Response headers for a JSON API (OWASP REST Security Cheat Sheet). Written by hand, not
 * with helmet: the set is fixed, computed once, and helmet's defaults target HTML pages.
 */
export function createSecurityHeaders({ hsts = false }: SecurityHeadersOptions = {}): SecurityHeaders {
  const common: Array<[string, string]> = [
    ['x-content-type-options', 'nosniff'],
    ['x-frame-options', 'DENY'],
    ['referrer-policy', 'no-referrer'],
    ['cross-origin-opener-policy', 'same-origin'],
    ['cross-origin-resource-policy', 'same-site'],
    ['x-permitted-cross-domain-policies', 'none'],
    ...(hsts ? ([['strict-transport-security', 'max-age=31536000; includeSubDomains']] as Array<[string, string]>) : []),
  ];
  return (res, pageCsp) => {
    for (const [name, value] of common) res.setHeader(name, value);
    res.setHeader('content-security-policy', pageCsp ?? API_CSP);
  };
}
