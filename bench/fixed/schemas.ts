// The four constant-data subgraphs of `pnpm bench:gateway` (written for this benchmark): the
// shape public gateway benchmarks use (users, products with a @requires, reviews between them),
// so a nested query crosses every subgraph several levels deep.
import { parse } from 'graphql';

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])';

export const TYPE_DEFS = {
  accounts: parse(`${link}
    type Query { me: User users: [User!]! }
    type User @key(fields: "id") { id: ID! name: String! username: String! @shareable birthday: Int! }`),
  products: parse(`${link}
    type Query { topProducts(first: Int = 5): [Product!]! }
    type Product @key(fields: "upc") { upc: String! name: String! price: Int! weight: Int! }`),
  inventory: parse(`${link}
    type Product @key(fields: "upc") {
      upc: String!
      weight: Int! @external
      price: Int! @external
      inStock: Boolean!
      shippingEstimate: Int! @requires(fields: "price weight")
    }`),
  reviews: parse(`${link}
    type Review @key(fields: "id") { id: ID! body: String! author: User! @provides(fields: "username") product: Product! }
    type User @key(fields: "id") { id: ID! username: String! @external reviews: [Review!]! }
    type Product @key(fields: "upc") { upc: String! reviews: [Review!]! }`),
};

export type SubgraphName = keyof typeof TYPE_DEFS;
