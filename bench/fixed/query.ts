// The query of `bench:gateway`: every subgraph, five levels of entities deep.
export const GATEWAY_QUERY = /* GraphQL */ `
  fragment User on User { id username name }
  fragment Review on Review { id body }
  fragment Product on Product { inStock name price shippingEstimate upc weight }
  query GatewayBench {
    users {
      ...User
      reviews { ...Review product { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } } }
    }
    topProducts(first: 10) {
      ...Product
      reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
    }
  }
`;

/** Every response must be complete: all users and products, and the nested reviews' products and authors. */
export function checkGatewayBench(data: any): string | null {
  if (data?.users?.length !== 10) return 'expected 10 users';
  if (data.topProducts?.length !== 10) return 'expected 10 top products';
  for (const user of data.users) {
    for (const review of user.reviews ?? []) {
      if (typeof review.product?.shippingEstimate !== 'number') return `review ${review.id} has no product shipping estimate`;
      for (const r of review.product.reviews) if (typeof r.author?.name !== 'string' || !r.author.reviews?.every((x: any) => typeof x.product?.inStock === 'boolean')) return `review ${r.id} is incomplete`;
    }
  }
  return null;
}
