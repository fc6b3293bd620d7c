// Fixed data of the benchmark subgraphs: deterministic, so every response is the same.
export const USERS = Array.from({ length: 10 }, (_, i) => ({
  id: String(i + 1),
  name: `User Number ${i + 1}`,
  username: `user${i + 1}`,
  birthday: 1_000_000 + i * 86_400,
}));

export const PRODUCTS = Array.from({ length: 10 }, (_, i) => ({
  upc: String(i + 1),
  name: `Product number ${i + 1}`,
  price: 100 + i * 37,
  weight: 10 + i * 3,
  inStock: i % 3 !== 0,
}));

/** Three reviews per user, spread over the products. */
export const REVIEWS = USERS.flatMap((user, u) =>
  [0, 1, 2].map((k) => ({
    id: String(u * 3 + k + 1),
    body: `Review ${u * 3 + k + 1} by ${user.username}: ${'a thorough opinion on quality, delivery and price. '.repeat(1)}`,
    authorId: user.id,
    upc: PRODUCTS[(u + k * 3) % PRODUCTS.length]!.upc,
  })),
);
