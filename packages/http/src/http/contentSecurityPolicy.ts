/**
 * Content-Security-Policy values. The API's is the strictest there is; HTML pages get one
 * each, admitting only what that page loads (a page with no CSP would let any injected
 * script run on the API's origin, where it could call the API with the user's headers).
 */

/** JSON responses: nothing may load, nothing may frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** A page of our own (GraphiQL): its scripts, styles, fonts, workers and API calls, all same-origin. */
export const SELF_ONLY_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Monaco and React set inline styles (style attributes, injected <style> rules); styles cannot
  // run script, and scripts stay 'self' only.
  "style-src 'self' 'unsafe-inline'",
  // GraphiQL's stylesheet embeds its fonts as data: URLs.
  "font-src 'self' data:",
  "img-src 'self' data:",
  "worker-src 'self'",
  // 'self' covers ws:/wss: to the same host:port (CSP Level 3), i.e. the graphql-ws endpoint.
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * What Apollo Server 5's landing page (`@apollo/server/plugin/landingPage/default`) loads:
 * the embeddable Sandbox (or Explorer, or the plain landing page) from Apollo's CDNs, an
 * iframe of sandbox.embed / explorer.embed, Google Fonts' stylesheet and fonts, its favicon
 * and manifest. Its requests to the endpoint (queries, introspection, graphql-ws
 * subscriptions) are made by this page, relayed from the iframe, so they are same-origin.
 */
const APOLLO_SCRIPT_HOSTS = [
  'https://embeddable-sandbox.cdn.apollographql.com',
  'https://embeddable-explorer.cdn.apollographql.com',
  'https://apollo-server-landing-page.cdn.apollographql.com',
];
const APOLLO_FRAME_HOSTS = ['https://sandbox.embed.apollographql.com', 'https://explorer.embed.apollographql.com'];
const APOLLO_ASSET_HOST = 'https://apollo-server-landing-page.cdn.apollographql.com';

/** Apollo's page marks its inline scripts and styles with one nonce per render: `nonce="<64 hex>"`. */
const NONCE = /\bnonce="?([0-9a-f]{64})"?/;

/**
 * The CSP for one render of Apollo's landing page: its own nonce'd inline scripts and
 * styles, and Apollo's hosts, nothing else. Null when the page carries no nonce (not
 * Apollo's page): the caller keeps the API's policy, under which nothing loads.
 */
export function apolloLandingPageCsp(html: string): string | null {
  const nonce = NONCE.exec(html)?.[1];
  if (!nonce) return null;
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' ${APOLLO_SCRIPT_HOSTS.join(' ')}`,
    `style-src 'nonce-${nonce}' ${APOLLO_SCRIPT_HOSTS.join(' ')} https://fonts.googleapis.com`,
    'font-src https://fonts.gstatic.com',
    `img-src ${APOLLO_ASSET_HOST}`,
    `manifest-src ${APOLLO_ASSET_HOST}`,
    `frame-src ${APOLLO_FRAME_HOSTS.join(' ')}`,
    // The endpoint over HTTP and WebSocket (CSP Level 3: 'self' includes ws:/wss: of this host).
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
