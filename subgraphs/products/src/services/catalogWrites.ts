import { badInput, notFound } from '@ordergraph/core';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { ProductModel } from '../mappers.js';

export interface UpdateProductInput {
  name?: string | null;
  description?: string | null;
  priceAmount?: number | null;
  active?: boolean | null;
}

const MAX_NAME = 200;
const MAX_DESCRIPTION = 2000;
const MAX_PRICE = 100_000_000;

/** Change a product's catalog entry; who may do so is the schema's business (@requiresScopes). */
export async function updateProduct(prisma: PrismaClient, id: string, input: UpdateProductInput): Promise<ProductModel> {
  const data: Prisma.ProductUpdateInput = {};
  if (input.name != null) {
    const name = input.name.trim();
    if (name.length === 0 || name.length > MAX_NAME) throw badInput(`"name" must be 1 to ${MAX_NAME} characters long.`, { field: 'name' });
    data.name = name;
  }
  if (input.description !== undefined) {
    if (input.description !== null && input.description.length > MAX_DESCRIPTION) {
      throw badInput(`"description" must be at most ${MAX_DESCRIPTION} characters long.`, { field: 'description' });
    }
    data.description = input.description;
  }
  if (input.priceAmount != null) {
    if (!Number.isInteger(input.priceAmount) || input.priceAmount < 0 || input.priceAmount > MAX_PRICE) {
      throw badInput(`"priceAmount" must be an integer from 0 to ${MAX_PRICE} (minor units); received ${input.priceAmount}.`, { field: 'priceAmount' });
    }
    data.priceAmount = input.priceAmount;
  }
  if (input.active != null) data.active = input.active;
  const updated = await prisma.product.updateMany({ where: { id }, data });
  if (updated.count === 0) throw notFound('Product', id);
  return (await prisma.product.findUnique({ where: { id } })) as ProductModel;
}
