// Every operation the storefront sends. `pnpm codegen` reads the graphql() calls in src/ and
// generates typed documents for them (src/gql/), checked against the gateway's API schema.
import { graphql } from '../gql';

export const SessionFields = graphql(`
  fragment SessionFields on AuthPayload {
    accessToken
    expiresIn
    refreshToken
    customer {
      id
      email
      name
      role
    }
  }
`);

export const SignUpDocument = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      ...SessionFields
    }
  }
`);

export const SignInDocument = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      ...SessionFields
    }
  }
`);

export const RefreshTokenDocument = graphql(`
  mutation RefreshToken($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) {
      ...SessionFields
    }
  }
`);

export const SignOutDocument = graphql(`
  mutation SignOut($refreshToken: String!) {
    signOut(refreshToken: $refreshToken)
  }
`);

export const ProductsDocument = graphql(`
  query Products($first: Int!, $after: String, $search: String) {
    products(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          sku
          name
          description
          price {
            amount
            currency
          }
          inventory {
            available
          }
        }
      }
    }
  }
`);

export const OrderFields = graphql(`
  fragment OrderFields on Order {
    id
    status
    createdAt
    updatedAt
    failureReason
    total {
      amount
      currency
    }
    items {
      quantity
      unitPrice {
        amount
        currency
      }
      product {
        id
        name
      }
    }
    statusHistory {
      at
      from
      to
      reason
    }
  }
`);

/** The payment, from the payments subgraph: the order page receives it later (@defer), after the order itself. */
export const OrderPayment = graphql(`
  fragment OrderPayment on Order {
    payment {
      id
      status
      failureReason
    }
  }
`);

export const CreateOrderDocument = graphql(`
  mutation CreateOrder($input: CreateOrderInput!) {
    createOrder(input: $input) {
      ...OrderFields
      ...OrderPayment
    }
  }
`);

export const OrderDocument = graphql(`
  query Order($id: ID!) {
    order(id: $id) {
      ...OrderFields
      ...OrderPayment @defer(label: "payment")
      customer {
        id
        email
        name
      }
    }
  }
`);

export const OrderStatusChangedDocument = graphql(`
  subscription OrderStatusChanged($orderId: ID!) {
    orderStatusChanged(orderId: $orderId) {
      ...OrderFields
      ...OrderPayment
    }
  }
`);

export const OrdersDocument = graphql(`
  query Orders($first: Int!, $after: String, $status: OrderStatus) {
    orders(first: $first, after: $after, status: $status) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          status
          createdAt
          total {
            amount
            currency
          }
          customer {
            id
            email
          }
          items {
            quantity
          }
        }
      }
    }
  }
`);

export const RestockDocument = graphql(`
  mutation Restock($productId: ID!, $quantity: Int!) {
    restock(productId: $productId, quantity: $quantity) {
      id
      inventory {
        available
      }
    }
  }
`);

export const CreateProductDocument = graphql(`
  mutation CreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      id
      sku
      name
      price {
        amount
        currency
      }
      inventory {
        available
      }
    }
  }
`);

export const ShipOrderDocument = graphql(`
  mutation ShipOrder($id: ID!) {
    shipOrder(id: $id) {
      ...OrderFields
    }
  }
`);

export const DeliverOrderDocument = graphql(`
  mutation DeliverOrder($id: ID!) {
    deliverOrder(id: $id) {
      ...OrderFields
    }
  }
`);
