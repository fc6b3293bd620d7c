// The GraphiQL page served by the gateway at GRAPHIQL_PATH. Everything it loads comes from the
// gateway's own origin: this bundle, its CSS and fonts, and Monaco's web workers (built by
// build.mjs; their URLs arrive in the root element's data attributes, no inline script).
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import './page.css';
import { createFetcher } from './fetcher.js';

interface PageConfig {
  /** The GraphQL endpoint's path, e.g. `/graphql` (HTTP, and WebSocket on the same URL). */
  endpoint: string;
  /** Monaco worker script URLs by label: editor, json, graphql. */
  workers: Record<string, string>;
}

const root = document.getElementById('graphiql')!;
const config = JSON.parse(root.dataset.config!) as PageConfig;

(globalThis as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker: (_id: string, label: string) => new Worker(config.workers[label] ?? config.workers.editor!),
};

const DEFAULT_QUERY = `# Queries and mutations: HTTP. Subscriptions: WebSocket.
# Signed in? Headers (below):
#   {"Authorization": "Bearer <accessToken>"}
# goes with every request, and in connection_init.
{
  products(first: 5) {
    edges { node { id name price { amount currency } inventory { available } } }
  }
}
`;

createRoot(root).render(
  <GraphiQL fetcher={createFetcher(new URL(config.endpoint, location.href))} defaultQuery={DEFAULT_QUERY} defaultEditorToolsVisibility="headers" />,
);
