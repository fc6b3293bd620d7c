// A small library federation of our own with one of each federation shape the parity test
// compares against stock @apollo/gateway: interfaces, unions, @requires, @provides,
// @interfaceObject, @override, @inaccessible.
import { LINK, type ToySubgraph } from './toyFederation.js';

const BOOKS = [
  { id: 'b1', title: 'Dune', pages: 412 },
  { id: 'b2', title: 'Emma', pages: 474 },
];
const FILMS = [{ id: 'f1', title: 'Alien', minutes: 117, secret: 'the cat survives' }];
const PEOPLE = [
  { id: 'u1', name: 'Ada', handle: '@ada' },
  { id: 'u2', name: 'Grace', handle: '@grace' },
];
const REVIEWS = [
  { id: 'r1', body: 'Sandy', authorId: 'u1', mediaId: 'b1' },
  { id: 'r2', body: 'Tense', authorId: 'u2', mediaId: 'f1' },
  { id: 'r3', body: 'Witty', authorId: 'u1', mediaId: 'b2' },
];
const media = (id: string) => BOOKS.find((b) => b.id === id) ?? FILMS.find((f) => f.id === id) ?? null;
const typename = (item: { id: string }) => (item.id.startsWith('b') ? 'Book' : 'Film');

export const library: ToySubgraph[] = [
  {
    name: 'catalog',
    typeDefs: `${LINK(['@key', '@inaccessible', '@shareable'])}
      interface Media @key(fields: "id") { id: ID! title: String! }
      type Book implements Media @key(fields: "id") { id: ID! title: String! pages: Int! shelf: String! }
      type Film implements Media @key(fields: "id") { id: ID! title: String! minutes: Int! @shareable secret: String @inaccessible }
      union Found = Book | Film
      type Query { media: [Media!]! search(term: String!): [Found!]! }`,
    resolvers: {
      Query: {
        media: () => [...BOOKS, ...FILMS],
        search: (_: unknown, { term }: { term: string }) => [...BOOKS, ...FILMS].filter((m) => m.title.toLowerCase().includes(term.toLowerCase())),
      },
      Media: { __resolveType: typename, __resolveReference: (ref: { id: string }) => media(ref.id) },
      Found: { __resolveType: typename },
      Book: { __resolveReference: (ref: { id: string }) => media(ref.id), shelf: () => 'catalog shelf (overridden)' },
      Film: { __resolveReference: (ref: { id: string }) => media(ref.id) },
    },
  },
  {
    name: 'reviews',
    typeDefs: `${LINK(['@key', '@interfaceObject', '@provides', '@external'])}
      type Media @key(fields: "id") @interfaceObject { id: ID! rating: Int! reviews: [Review!]! }
      type Review { id: ID! body: String! author: Person! @provides(fields: "name") media: Media! }
      type Person @key(fields: "id") { id: ID! name: String! @external }
      type Query { reviews: [Review!]! }`,
    resolvers: {
      Query: { reviews: () => REVIEWS },
      Review: {
        // `name` comes along: the @provides promise.
        author: (review: { authorId: string }) => PEOPLE.find((p) => p.id === review.authorId),
        media: (review: { mediaId: string }) => ({ id: review.mediaId }),
      },
      Media: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
        rating: (item: { id: string }) => item.id.charCodeAt(1) % 5,
        reviews: (item: { id: string }) => REVIEWS.filter((r) => r.mediaId === item.id),
      },
    },
  },
  {
    name: 'people',
    typeDefs: `${LINK(['@key', '@shareable'])}
      type Person @key(fields: "id") { id: ID! name: String! @shareable handle: String! }`,
    resolvers: { Person: { __resolveReference: (ref: { id: string }) => PEOPLE.find((p) => p.id === ref.id) ?? null } },
  },
  {
    name: 'inventory',
    typeDefs: `${LINK(['@key', '@override', '@requires', '@external'])}
      type Book @key(fields: "id") { id: ID! shelf: String! @override(from: "catalog") copies: Int! }
      type Film @key(fields: "id") { id: ID! minutes: Int! @external rentalCents: Int! @requires(fields: "minutes") }`,
    resolvers: {
      Book: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, shelf: `shelf ${ref.id.toUpperCase()}`, copies: ref.id === 'b1' ? 3 : 0 }) },
      Film: { __resolveReference: (ref: { id: string; minutes: number }) => ({ ...ref, rentalCents: ref.minutes * 3 }) },
    },
  },
];

/** Query per shape, each answered with data (the comparison is not of two empty results). */
export const PARITY_CORPUS: Array<[shape: string, query: string, variables?: Record<string, unknown>]> = [
  ['interface fields and type conditions', '{ media { __typename id title ... on Book { pages } ... on Film { minutes } } }'],
  ['union members', 'query($t: String!) { search(term: $t) { __typename ... on Book { title pages } ... on Film { title minutes } } }', { t: 'e' }],
  ['@requires', '{ media { title ... on Film { rentalCents } } }'],
  ['@provides (no entity call) and past it (entity call)', '{ reviews { body author { name } } more: reviews { author { name handle } } }'],
  ['@interfaceObject fields on every implementation', '{ media { id rating reviews { body } } }'],
  ['@interfaceObject back to the concrete type', '{ reviews { media { __typename id title rating ... on Book { pages shelf } } } }'],
  ['@override: the overriding subgraph answers', '{ media { ... on Book { title shelf copies } } }'],
  ['@inaccessible field is not in the API', '{ media { ... on Film { title secret } } }'],
  ['a type with an @inaccessible field answers the others', '{ search(term: "alien") { ... on Film { id title rentalCents } } }'],
];
