import type { Inventory, Product } from './generated/prisma/client.js';

/** What resolvers hand around for each GraphQL type (see codegen.yml `mappers`). */
export type ProductModel = Product;
export type InventoryModel = Pick<Inventory, 'available' | 'reserved'>;
export interface MoneyModel {
  amount: number;
  currency: string;
}
