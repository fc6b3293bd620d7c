import type { PrismaClient } from '../generated/prisma/client.js';
import type { ProductModel } from '../mappers.js';
import { listProducts, type ListProductsArgs } from './catalog.js';
import { createProduct, findProduct, setProductPrice, updateProduct, type CreateProductInput, type UpdateProductInput } from './catalogWrites.js';

/** The catalog as resolvers see it: reads and ADMIN writes, bound to this subgraph's database (no Prisma in resolvers). */
export class CatalogService {
  constructor(private readonly prisma: PrismaClient) {}

  list(args: ListProductsArgs) {
    return listProducts(this.prisma, args);
  }

  find(id: string): Promise<ProductModel> {
    return findProduct(this.prisma, id);
  }

  create(input: CreateProductInput): Promise<ProductModel> {
    return createProduct(this.prisma, input);
  }

  update(id: string, input: UpdateProductInput): Promise<ProductModel> {
    return updateProduct(this.prisma, id, input);
  }

  setPrice(id: string, amount: number): Promise<ProductModel> {
    return setProductPrice(this.prisma, id, amount);
  }
}
