/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    expiresIn\n    refreshToken\n    customer {\n      id\n      email\n      name\n      role\n    }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      ...SessionFields\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n": typeof types.RefreshTokenDocument,
    "\n  mutation SignOut($refreshToken: String!) {\n    signOut(refreshToken: $refreshToken)\n  }\n": typeof types.SignOutDocument,
    "\n  query Products($first: Int!, $after: String, $search: String) {\n    products(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          sku\n          name\n          description\n          price {\n            amount\n            currency\n          }\n          inventory {\n            available\n          }\n        }\n      }\n    }\n  }\n": typeof types.ProductsDocument,
    "\n  fragment OrderFields on Order {\n    id\n    status\n    createdAt\n    updatedAt\n    failureReason\n    total {\n      amount\n      currency\n    }\n    items {\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      product {\n        id\n        name\n      }\n    }\n    statusHistory {\n      at\n      from\n      to\n      reason\n    }\n  }\n": typeof types.OrderFieldsFragmentDoc,
    "\n  fragment OrderPayment on Order {\n    payment {\n      id\n      status\n      failureReason\n    }\n  }\n": typeof types.OrderPaymentFragmentDoc,
    "\n  mutation CreateOrder($input: CreateOrderInput!) {\n    createOrder(input: $input) {\n      ...OrderFields\n      ...OrderPayment\n    }\n  }\n": typeof types.CreateOrderDocument,
    "\n  query Order($id: ID!) {\n    order(id: $id) {\n      ...OrderFields\n      ...OrderPayment @defer(label: \"payment\")\n      customer {\n        id\n        email\n        name\n      }\n    }\n  }\n": typeof types.OrderDocument,
    "\n  subscription OrderStatusChanged($orderId: ID!) {\n    orderStatusChanged(orderId: $orderId) {\n      ...OrderFields\n      ...OrderPayment\n    }\n  }\n": typeof types.OrderStatusChangedDocument,
    "\n  query Orders($first: Int!, $after: String, $status: OrderStatus) {\n    orders(first: $first, after: $after, status: $status) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          status\n          createdAt\n          total {\n            amount\n            currency\n          }\n          customer {\n            id\n            email\n          }\n          items {\n            quantity\n          }\n        }\n      }\n    }\n  }\n": typeof types.OrdersDocument,
    "\n  mutation Restock($productId: ID!, $quantity: Int!) {\n    restock(productId: $productId, quantity: $quantity) {\n      id\n      inventory {\n        available\n      }\n    }\n  }\n": typeof types.RestockDocument,
    "\n  mutation CreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      id\n      sku\n      name\n      price {\n        amount\n        currency\n      }\n      inventory {\n        available\n      }\n    }\n  }\n": typeof types.CreateProductDocument,
    "\n  mutation ShipOrder($id: ID!) {\n    shipOrder(id: $id) {\n      ...OrderFields\n    }\n  }\n": typeof types.ShipOrderDocument,
    "\n  mutation DeliverOrder($id: ID!) {\n    deliverOrder(id: $id) {\n      ...OrderFields\n    }\n  }\n": typeof types.DeliverOrderDocument,
};
const documents: Documents = {
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    expiresIn\n    refreshToken\n    customer {\n      id\n      email\n      name\n      role\n    }\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      ...SessionFields\n    }\n  }\n": types.SignInDocument,
    "\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n": types.RefreshTokenDocument,
    "\n  mutation SignOut($refreshToken: String!) {\n    signOut(refreshToken: $refreshToken)\n  }\n": types.SignOutDocument,
    "\n  query Products($first: Int!, $after: String, $search: String) {\n    products(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          sku\n          name\n          description\n          price {\n            amount\n            currency\n          }\n          inventory {\n            available\n          }\n        }\n      }\n    }\n  }\n": types.ProductsDocument,
    "\n  fragment OrderFields on Order {\n    id\n    status\n    createdAt\n    updatedAt\n    failureReason\n    total {\n      amount\n      currency\n    }\n    items {\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      product {\n        id\n        name\n      }\n    }\n    statusHistory {\n      at\n      from\n      to\n      reason\n    }\n  }\n": types.OrderFieldsFragmentDoc,
    "\n  fragment OrderPayment on Order {\n    payment {\n      id\n      status\n      failureReason\n    }\n  }\n": types.OrderPaymentFragmentDoc,
    "\n  mutation CreateOrder($input: CreateOrderInput!) {\n    createOrder(input: $input) {\n      ...OrderFields\n      ...OrderPayment\n    }\n  }\n": types.CreateOrderDocument,
    "\n  query Order($id: ID!) {\n    order(id: $id) {\n      ...OrderFields\n      ...OrderPayment @defer(label: \"payment\")\n      customer {\n        id\n        email\n        name\n      }\n    }\n  }\n": types.OrderDocument,
    "\n  subscription OrderStatusChanged($orderId: ID!) {\n    orderStatusChanged(orderId: $orderId) {\n      ...OrderFields\n      ...OrderPayment\n    }\n  }\n": types.OrderStatusChangedDocument,
    "\n  query Orders($first: Int!, $after: String, $status: OrderStatus) {\n    orders(first: $first, after: $after, status: $status) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          status\n          createdAt\n          total {\n            amount\n            currency\n          }\n          customer {\n            id\n            email\n          }\n          items {\n            quantity\n          }\n        }\n      }\n    }\n  }\n": types.OrdersDocument,
    "\n  mutation Restock($productId: ID!, $quantity: Int!) {\n    restock(productId: $productId, quantity: $quantity) {\n      id\n      inventory {\n        available\n      }\n    }\n  }\n": types.RestockDocument,
    "\n  mutation CreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      id\n      sku\n      name\n      price {\n        amount\n        currency\n      }\n      inventory {\n        available\n      }\n    }\n  }\n": types.CreateProductDocument,
    "\n  mutation ShipOrder($id: ID!) {\n    shipOrder(id: $id) {\n      ...OrderFields\n    }\n  }\n": types.ShipOrderDocument,
    "\n  mutation DeliverOrder($id: ID!) {\n    deliverOrder(id: $id) {\n      ...OrderFields\n    }\n  }\n": types.DeliverOrderDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    expiresIn\n    refreshToken\n    customer {\n      id\n      email\n      name\n      role\n    }\n  }\n"): (typeof documents)["\n  fragment SessionFields on AuthPayload {\n    accessToken\n    expiresIn\n    refreshToken\n    customer {\n      id\n      email\n      name\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut($refreshToken: String!) {\n    signOut(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation SignOut($refreshToken: String!) {\n    signOut(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Products($first: Int!, $after: String, $search: String) {\n    products(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          sku\n          name\n          description\n          price {\n            amount\n            currency\n          }\n          inventory {\n            available\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Products($first: Int!, $after: String, $search: String) {\n    products(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          sku\n          name\n          description\n          price {\n            amount\n            currency\n          }\n          inventory {\n            available\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderFields on Order {\n    id\n    status\n    createdAt\n    updatedAt\n    failureReason\n    total {\n      amount\n      currency\n    }\n    items {\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      product {\n        id\n        name\n      }\n    }\n    statusHistory {\n      at\n      from\n      to\n      reason\n    }\n  }\n"): (typeof documents)["\n  fragment OrderFields on Order {\n    id\n    status\n    createdAt\n    updatedAt\n    failureReason\n    total {\n      amount\n      currency\n    }\n    items {\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      product {\n        id\n        name\n      }\n    }\n    statusHistory {\n      at\n      from\n      to\n      reason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderPayment on Order {\n    payment {\n      id\n      status\n      failureReason\n    }\n  }\n"): (typeof documents)["\n  fragment OrderPayment on Order {\n    payment {\n      id\n      status\n      failureReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOrder($input: CreateOrderInput!) {\n    createOrder(input: $input) {\n      ...OrderFields\n      ...OrderPayment\n    }\n  }\n"): (typeof documents)["\n  mutation CreateOrder($input: CreateOrderInput!) {\n    createOrder(input: $input) {\n      ...OrderFields\n      ...OrderPayment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Order($id: ID!) {\n    order(id: $id) {\n      ...OrderFields\n      ...OrderPayment @defer(label: \"payment\")\n      customer {\n        id\n        email\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Order($id: ID!) {\n    order(id: $id) {\n      ...OrderFields\n      ...OrderPayment @defer(label: \"payment\")\n      customer {\n        id\n        email\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OrderStatusChanged($orderId: ID!) {\n    orderStatusChanged(orderId: $orderId) {\n      ...OrderFields\n      ...OrderPayment\n    }\n  }\n"): (typeof documents)["\n  subscription OrderStatusChanged($orderId: ID!) {\n    orderStatusChanged(orderId: $orderId) {\n      ...OrderFields\n      ...OrderPayment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Orders($first: Int!, $after: String, $status: OrderStatus) {\n    orders(first: $first, after: $after, status: $status) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          status\n          createdAt\n          total {\n            amount\n            currency\n          }\n          customer {\n            id\n            email\n          }\n          items {\n            quantity\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Orders($first: Int!, $after: String, $status: OrderStatus) {\n    orders(first: $first, after: $after, status: $status) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          status\n          createdAt\n          total {\n            amount\n            currency\n          }\n          customer {\n            id\n            email\n          }\n          items {\n            quantity\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Restock($productId: ID!, $quantity: Int!) {\n    restock(productId: $productId, quantity: $quantity) {\n      id\n      inventory {\n        available\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Restock($productId: ID!, $quantity: Int!) {\n    restock(productId: $productId, quantity: $quantity) {\n      id\n      inventory {\n        available\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      id\n      sku\n      name\n      price {\n        amount\n        currency\n      }\n      inventory {\n        available\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      id\n      sku\n      name\n      price {\n        amount\n        currency\n      }\n      inventory {\n        available\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ShipOrder($id: ID!) {\n    shipOrder(id: $id) {\n      ...OrderFields\n    }\n  }\n"): (typeof documents)["\n  mutation ShipOrder($id: ID!) {\n    shipOrder(id: $id) {\n      ...OrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeliverOrder($id: ID!) {\n    deliverOrder(id: $id) {\n      ...OrderFields\n    }\n  }\n"): (typeof documents)["\n  mutation DeliverOrder($id: ID!) {\n    deliverOrder(id: $id) {\n      ...OrderFields\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;