import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '@ordergraph/demo-data';

/**
 * Out-of-range values for every argument and input field of the four subgraph schemas, sent
 * straight to the subgraph (with an ADMIN identity and the orders service's token, so that only
 * the value can be wrong). Each must come back as BAD_USER_INPUT. `covers` names the schema
 * coordinates a case exercises; input-bounds.test.ts checks that together they cover every
 * argument and input field, so a new one without a bound (and a case here) fails the suite.
 */
export interface InputCase {
  covers: string[];
  subgraph: 'accounts' | 'products' | 'orders' | 'payments';
  query: string;
  variables?: Record<string, unknown>;
  /** Sent over WebSocket (subscriptions) instead of HTTP POST. */
  ws?: boolean;
}

const long = (n: number) => 'x'.repeat(n);
const ID = long(200);
const product = DEMO_PRODUCTS[0]!.id;
const customer = DEMO_CUSTOMERS[1]!.id;
const orderId = '00000000-0000-4000-8000-000000000001';
/** An order cursor as the orders service encodes it, around any key. */
const orderCursor = (k: unknown) => Buffer.from(JSON.stringify([k, orderId]), 'utf8').toString('base64url');

const each = (covers: string[], subgraph: InputCase['subgraph'], query: string, values: Array<Record<string, unknown>>): InputCase[] =>
  values.map((variables) => ({ covers, subgraph, query, variables }));

const SIGN_UP = 'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }';
const signUp = (patch: Record<string, unknown>) => ({ i: { email: 'new@example.com', password: 'long-enough-1', name: 'New', ...patch } });
const UPDATE = 'mutation($id: ID!, $i: UpdateProductInput!) { updateProduct(id: $id, input: $i) { id } }';
const CREATE_PRODUCT = 'mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }';
const newProduct = (patch: Record<string, unknown>) => ({ i: { sku: 'HOSTILE-1', name: 'Hostile', priceAmount: 100, currency: 'USD', initialStock: 1, ...patch } });
const SET_ROLE = 'mutation($id: ID!, $r: Role!) { setCustomerRole(customerId: $id, role: $r) { id } }';
const RESERVE = 'mutation($i: ReserveStockInput!) { reserveStock(input: $i) { outcome } }';
const reserve = (patch: Record<string, unknown>, item: Record<string, unknown> = {}) => ({ i: { orderId, items: [{ productId: product, quantity: 1, ...item }], ...patch } });
const CREATE = 'mutation($i: CreateOrderInput!) { createOrder(input: $i) { id } }';
const create = (patch: Record<string, unknown>, item: Record<string, unknown> = {}) => ({ i: { items: [{ productId: product, quantity: 1, ...item }], paymentMethod: 'tok_visa', ...patch } });
const CHARGE = 'mutation($i: ChargePaymentInput!) { chargePayment(input: $i) { status } }';
const VOID = 'mutation($i: PaymentRefInput!) { voidPayment(input: $i) { status } }';
const ref = (patch: Record<string, unknown>) => ({ i: { orderId, customerId: customer, amount: 100, currency: 'USD', ...patch } });
const CUSTOMER_ORDERS = 'query($r: [_Any!]!, $first: Int, $after: String) { _entities(representations: $r) { ... on Customer { orders(first: $first, after: $after) { totalCount } } } }';
const customerRef = [{ __typename: 'Customer', id: customer }];

export const INPUT_CASES: InputCase[] = [
  // accounts
  ...each(['Mutation.signUp(input)', 'SignUpInput.email'], 'accounts', SIGN_UP, [signUp({ email: 'not-an-email' }), signUp({ email: `${long(20_000)}@x.io` })]),
  ...each(['SignUpInput.password'], 'accounts', SIGN_UP, [signUp({ password: 'short' }), signUp({ password: long(300) })]),
  ...each(['SignUpInput.name'], 'accounts', SIGN_UP, [signUp({ name: '' }), signUp({ name: long(101) })]),
  ...each(['Mutation.signIn(email)'], 'accounts', 'mutation($e: String!) { signIn(email: $e, password: "x") { accessToken } }', [{ e: long(20_000) }]),
  ...each(['Mutation.signIn(password)'], 'accounts', 'mutation($p: String!) { signIn(email: "a@b.io", password: $p) { accessToken } }', [{ p: long(20_000) }]),
  ...each(['Mutation.refreshToken(refreshToken)'], 'accounts', 'mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }', [{ t: long(20_000) }]),
  ...each(['Mutation.signOut(refreshToken)'], 'accounts', 'mutation($t: String!) { signOut(refreshToken: $t) }', [{ t: long(20_000) }]),
  ...each(['Mutation.setCustomerRole(customerId)'], 'accounts', SET_ROLE, [{ id: ID, r: 'ADMIN' }, { id: '', r: 'ADMIN' }]),
  ...each(['Mutation.setCustomerRole(role)'], 'accounts', SET_ROLE, [{ id: customer, r: 'ROOT' }, { id: customer, r: 1 }]),
  // products
  ...each(['Mutation.createProduct(input)', 'CreateProductInput.sku'], 'products', CREATE_PRODUCT, [newProduct({ sku: '' }), newProduct({ sku: long(65) }), newProduct({ sku: 'has space' })]),
  ...each(['CreateProductInput.name'], 'products', CREATE_PRODUCT, [newProduct({ name: '' }), newProduct({ name: long(201) })]),
  ...each(['CreateProductInput.description'], 'products', CREATE_PRODUCT, [newProduct({ description: long(2001) })]),
  ...each(['CreateProductInput.priceAmount'], 'products', CREATE_PRODUCT, [newProduct({ priceAmount: -1 }), newProduct({ priceAmount: 100_000_001 })]),
  ...each(['CreateProductInput.currency'], 'products', CREATE_PRODUCT, [newProduct({ currency: 'U5D' }), newProduct({ currency: 'EURO' })]),
  ...each(['CreateProductInput.initialStock'], 'products', CREATE_PRODUCT, [newProduct({ initialStock: -1 }), newProduct({ initialStock: 1_000_001 })]),
  ...each(['Query.products(first)'], 'products', 'query($n: Int) { products(first: $n) { totalCount } }', [{ n: -1 }, { n: 101 }, { n: 2 ** 31 }]),
  ...each(['Query.products(after)'], 'products', 'query($a: String) { products(after: $a) { totalCount } }', [{ a: '%%%' }, { a: long(600) }, { a: orderCursor(1e300) }]),
  ...each(['Query.products(search)'], 'products', 'query($s: String) { products(search: $s) { totalCount } }', [{ s: long(20_000) }]),
  ...each(['Query.product(id)'], 'products', 'query($id: ID!) { product(id: $id) { id } }', [{ id: ID }, { id: '' }]),
  ...each(['Query.productQuotes(ids)'], 'products', 'query($ids: [ID!]!) { productQuotes(ids: $ids) { id } }', [{ ids: Array.from({ length: 1001 }, () => product) }, { ids: [ID] }]),
  ...each(['Mutation.updateProduct(id)'], 'products', UPDATE, [{ id: ID, i: { name: 'ok' } }]),
  ...each(['Mutation.updateProduct(input)', 'UpdateProductInput.name'], 'products', UPDATE, [{ id: product, i: { name: '' } }, { id: product, i: { name: long(201) } }]),
  ...each(['UpdateProductInput.description'], 'products', UPDATE, [{ id: product, i: { description: long(2001) } }]),
  ...each(['UpdateProductInput.priceAmount'], 'products', UPDATE, [{ id: product, i: { priceAmount: -1 } }, { id: product, i: { priceAmount: 100_000_001 } }]),
  ...each(['UpdateProductInput.active'], 'products', UPDATE, [{ id: product, i: { active: 'yes' } }]),
  ...each(['Mutation.restock(productId)'], 'products', 'mutation($id: ID!) { restock(productId: $id, quantity: 1) { id } }', [{ id: ID }]),
  ...each(['Mutation.restock(quantity)'], 'products', 'mutation($q: Int!) { restock(productId: "p", quantity: $q) { id } }', [{ q: 0 }, { q: 1_000_001 }]),
  ...each(['Mutation.setProductPrice(productId)'], 'products', 'mutation($id: ID!) { setProductPrice(productId: $id, amount: 1) { id } }', [{ id: ID }]),
  ...each(['Mutation.setProductPrice(amount)'], 'products', 'mutation($a: Int!) { setProductPrice(productId: "p", amount: $a) { id } }', [{ a: -1 }, { a: 100_000_001 }]),
  ...each(['Mutation.reserveStock(input)', 'ReserveStockInput.orderId'], 'products', RESERVE, [reserve({ orderId: ID })]),
  ...each(['ReserveStockInput.items'], 'products', RESERVE, [reserve({ items: [] }), reserve({ items: Array.from({ length: 1001 }, () => ({ productId: product, quantity: 1 })) })]),
  ...each(['ReserveStockItem.productId'], 'products', RESERVE, [reserve({}, { productId: '' })]),
  ...each(['ReserveStockItem.quantity'], 'products', RESERVE, [reserve({}, { quantity: 0 }), reserve({}, { quantity: -5 })]),
  ...each(['Mutation.reserveStocks(inputs)'], 'products', 'mutation($is: [ReserveStockInput!]!) { reserveStocks(inputs: $is) { outcome } }', [
    { is: [reserve({ orderId: ID }).i] },
    { is: Array.from({ length: 1001 }, () => reserve({}).i) },
  ]),
  ...each(['Mutation.commitReservation(orderId)'], 'products', 'mutation($id: ID!) { commitReservation(orderId: $id) { outcome } }', [{ id: ID }]),
  ...each(['Mutation.commitReservations(orderIds)'], 'products', 'mutation($ids: [ID!]!) { commitReservations(orderIds: $ids) { outcome } }', [
    { ids: [ID] },
    { ids: Array.from({ length: 1001 }, (_, i) => `order-${i}`) },
  ]),
  ...each(['Mutation.releaseReservation(orderId)'], 'products', 'mutation($id: ID!) { releaseReservation(orderId: $id) { outcome } }', [{ id: ID }]),
  // orders
  ...each(['Query.order(id)'], 'orders', 'query($id: ID!) { order(id: $id) { id } }', [{ id: ID }]),
  ...each(['Query.orders(first)'], 'orders', 'query($n: Int) { orders(first: $n) { totalCount } }', [{ n: -1 }, { n: 101 }]),
  ...each(['Query.orders(after)'], 'orders', 'query($a: String) { orders(after: $a) { totalCount } }', [
    { a: orderCursor('-271821-04-20T00:00:00.000Z') },
    { a: orderCursor('+275760-09-13T00:00:00.000Z') },
    { a: orderCursor('0001-01-01T00:00:00.000Z') },
    { a: orderCursor('not a date') },
    { a: orderCursor(8.64e15) },
  ]),
  ...each(['Query.orders(status)'], 'orders', 'query($s: OrderStatus) { orders(status: $s) { totalCount } }', [{ s: 'PENDIN' }, { s: 7 }]),
  ...each(['Mutation.createOrder(input)', 'CreateOrderInput.items'], 'orders', CREATE, [create({ items: [] }), create({ items: Array.from({ length: 51 }, (_, i) => ({ productId: `p${i}`, quantity: 1 })) })]),
  ...each(['CreateOrderInput.paymentMethod'], 'orders', CREATE, [create({ paymentMethod: '4111111111111111' }), create({ paymentMethod: long(20_000) })]),
  ...each(['CreateOrderInput.idempotencyKey'], 'orders', CREATE, [create({ idempotencyKey: long(101) }), create({ idempotencyKey: 'has space' })]),
  ...each(['OrderItemInput.productId'], 'orders', CREATE, [create({}, { productId: '' }), create({}, { productId: ID })]),
  ...each(['OrderItemInput.quantity'], 'orders', CREATE, [create({}, { quantity: 0 }), create({}, { quantity: 1001 }), create({}, { quantity: -1 })]),
  ...each(['Mutation.cancelOrder(id)'], 'orders', 'mutation($id: ID!) { cancelOrder(id: $id) { id } }', [{ id: ID }]),
  ...each(['Mutation.shipOrder(id)'], 'orders', 'mutation($id: ID!) { shipOrder(id: $id) { id } }', [{ id: ID }]),
  ...each(['Mutation.deliverOrder(id)'], 'orders', 'mutation($id: ID!) { deliverOrder(id: $id) { id } }', [{ id: ID }]),
  { covers: ['Subscription.orderStatusChanged(orderId)'], subgraph: 'orders', query: 'subscription($id: ID!) { orderStatusChanged(orderId: $id) { id } }', variables: { id: ID }, ws: true },
  ...each(['Customer.orders(first)'], 'orders', CUSTOMER_ORDERS, [{ r: customerRef, first: -1 }, { r: customerRef, first: 101 }]),
  ...each(['Customer.orders(after)'], 'orders', CUSTOMER_ORDERS, [{ r: customerRef, after: orderCursor('-271821-04-20T00:00:00.000Z') }]),
  // payments (internal: the orders service's token)
  ...each(['Mutation.chargePayment(input)', 'ChargePaymentInput.amount'], 'payments', CHARGE, [{ i: { ...ref({ amount: -1 }).i, paymentMethod: 'tok_visa' } }, { i: { ...ref({ amount: 2 ** 31 }).i, paymentMethod: 'tok_visa' } }]),
  ...each(['ChargePaymentInput.orderId'], 'payments', CHARGE, [{ i: { ...ref({ orderId: ID }).i, paymentMethod: 'tok_visa' } }]),
  ...each(['ChargePaymentInput.customerId'], 'payments', CHARGE, [{ i: { ...ref({ customerId: '' }).i, paymentMethod: 'tok_visa' } }]),
  ...each(['ChargePaymentInput.currency'], 'payments', CHARGE, [{ i: { ...ref({ currency: 'usd' }).i, paymentMethod: 'tok_visa' } }, { i: { ...ref({ currency: long(5000) }).i, paymentMethod: 'tok_visa' } }]),
  ...each(['ChargePaymentInput.paymentMethod'], 'payments', CHARGE, [{ i: { ...ref({}).i, paymentMethod: '4111111111111111' } }]),
  // A group's arguments are bounded as a whole (an order's own bad value is its own errorCode: chargeMany.test.ts).
  ...each(['Mutation.chargePayments(inputs)'], 'payments', 'mutation($is: [ChargePaymentInput!]!) { chargePayments(inputs: $is) { status errorCode } }', [
    { is: [{ ...ref({ orderId: ID }).i, paymentMethod: 'tok_visa' }] },
    { is: [{ ...ref({ amount: 2 ** 31 }).i, paymentMethod: 'tok_visa' }] },
    { is: Array.from({ length: 1001 }, () => ({ ...ref({}).i, paymentMethod: 'tok_visa' })) },
  ]),
  ...each(['Mutation.voidPayment(input)', 'PaymentRefInput.amount'], 'payments', VOID, [ref({ amount: -1 })]),
  ...each(['PaymentRefInput.orderId'], 'payments', VOID, [ref({ orderId: ID })]),
  ...each(['PaymentRefInput.customerId'], 'payments', VOID, [ref({ customerId: ID })]),
  ...each(['PaymentRefInput.currency'], 'payments', VOID, [ref({ currency: 'EURO' })]),
];
