import type { SqlReads } from '@ordergraph/db';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { ProductModel } from '../mappers.js';
import { listProducts, type ListProductsArgs, type RememberProducts } from './catalog.js';
import { createProduct, findProduct, setProductPrice, updateProduct, type CreateProductInput, type UpdateProductInput } from './catalogWrites.js';

/** The catalog as resolvers see it: reads and ADMIN writes, bound to this subgraph's database (no Prisma in resolvers). */
export class CatalogService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly reads: Pick<SqlReads, 'query'>,
  ) {}

  /** `remember` puts the page's products and stock in the request's loaders (see Loaders.remember). */
  list(args: ListProductsArgs, remember: RememberProducts) {
    return listProducts(this.prisma, this.reads, args, remember);
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
