import { toApiAmount } from '@ordergraph/core';
import type { OrderItemResolvers } from '../generated/graphql.js';

export const OrderItem: OrderItemResolvers = {
  product: (item) => ({ id: item.productId }),
  unitPrice: (item) => ({ amount: toApiAmount(item.unitPriceAmount), currency: item.currency }),
};
