import type { GatewayCacheHint } from '@apollo/server-gateway-interface';

/**
 * A subgraph response's `cache-control` header as a cache hint, as RemoteGraphQLDataSource
 * reads it: no `max-age` means uncacheable, so the overall response is too.
 */
export function cacheHintFromHeader(header: string | undefined): GatewayCacheHint {
  const hint: GatewayCacheHint = { maxAge: 0 };
  if (!header) return hint;
  for (const part of header.split(',')) {
    const [name, value] = part.trim().toLowerCase().split('=');
    if (name === 'max-age' && value && /^[0-9]+$/.test(value)) hint.maxAge = Number(value);
    else if (name === 'private') hint.scope = 'PRIVATE';
    else if (name === 'public') hint.scope = 'PUBLIC';
  }
  return hint;
}
