// Run-time settings of the storefront. Edit this file on a static host (it is not bundled);
// `pnpm dev` and the tests serve their own version with the gateway they started.
window.ORDERGRAPH_CONFIG = {
  gatewayUrl: 'http://localhost:4000/graphql',
};
