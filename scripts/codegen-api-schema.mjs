// The API schema of gateway/supergraph.graphql: what clients can query (no join__/link__
// machinery, no @inaccessible internals). codegen.yml types the storefront's operations
// against it, so an operation that only the supergraph would accept fails codegen.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Supergraph } = require('@apollo/federation-internals');
const { printSchema } = require('graphql');

const supergraph = readFileSync(new URL('../gateway/supergraph.graphql', import.meta.url), 'utf8');
// With @defer: the gateway declares it (incremental delivery, gateway/src/incremental/).
export default printSchema(Supergraph.build(supergraph).apiSchema().toGraphQLJSSchema({ includeDefer: true }));
