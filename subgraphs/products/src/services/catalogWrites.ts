import { appError, badInput, ErrorCode, notFound } from '@ordergraph/core';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { ProductModel } from '../mappers.js';

export interface UpdateProductInput {
  name?: string | null;
  description?: string | null;
  priceAmount?: number | null;
  active?: boolean | null;
}

export interface CreateProductInput {
  sku: string;
  name: string;
  description?: string | null;
  priceAmount: number;
  currency: string;
  initialStock?: number | null;
}

export const MAX_NAME = 200;
export const MAX_DESCRIPTION = 2000;
export const MAX_PRICE = 100_000_000;
export const MAX_STOCK = 1_000_000;
const SKU = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const CURRENCY = /^[A-Z]{3}$/;
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

// One validator per field, shared by createProduct, updateProduct and setProductPrice: every
// error names the field, what was expected and what was received.
const validName = (raw: string) => {
  const name = raw.trim();
  if (name.length === 0 || name.length > MAX_NAME) throw badInput(`"name" must be 1 to ${MAX_NAME} characters long; received ${name.length}.`, { field: 'name' });
  return name;
};
const validDescription = (description: string | null) => {
  if (description !== null && description.length > MAX_DESCRIPTION) {
    throw badInput(`"description" must be at most ${MAX_DESCRIPTION} characters long; received ${description.length}.`, { field: 'description' });
  }
  return description;
};
export const validPrice = (amount: number, field = 'priceAmount') => {
  if (!Number.isInteger(amount) || amount < 0 || amount > MAX_PRICE) {
    throw badInput(`"${field}" must be an integer from 0 to ${MAX_PRICE} (minor units); received ${amount}.`, { field });
  }
  return amount;
};
const validSku = (raw: string) => {
  const sku = raw.trim();
  if (!SKU.test(sku)) {
    throw badInput(`"sku" must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit, e.g. AUD-HEAD-001; received "${sku.slice(0, 64)}".`, { field: 'sku' });
  }
  return sku.toUpperCase();
};
const validCurrency = (raw: string) => {
  const currency = raw.trim().toUpperCase();
  if (!CURRENCY.test(currency)) throw badInput(`"currency" must be a three-letter ISO-4217 code such as USD or EUR; received "${raw.slice(0, 10)}".`, { field: 'currency' });
  return currency;
};
const validStock = (quantity: number) => {
  if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_STOCK) {
    throw badInput(`"initialStock" must be an integer from 0 to ${MAX_STOCK}; received ${quantity}.`, { field: 'initialStock' });
  }
  return quantity;
};

/** Add a product with its stock, in one transaction; SKUs are unique (case-insensitively, stored upper-case). */
export async function createProduct(prisma: PrismaClient, input: CreateProductInput): Promise<ProductModel> {
  const data = {
    sku: validSku(input.sku),
    name: validName(input.name),
    description: validDescription(input.description ?? null),
    priceAmount: validPrice(input.priceAmount),
    currency: validCurrency(input.currency),
  };
  const available = validStock(input.initialStock ?? 0);
  try {
    return await prisma.product.create({ data: { ...data, inventory: { create: { available, reserved: 0 } } } });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw appError(ErrorCode.SKU_TAKEN, `A product with SKU ${data.sku} already exists; choose another SKU or edit that product.`, { details: { field: 'sku' } });
    }
    throw error;
  }
}

/** Change a product's catalog entry; who may do so is the schema's business (@requiresScopes). */
export async function updateProduct(prisma: PrismaClient, id: string, input: UpdateProductInput): Promise<ProductModel> {
  const data: Prisma.ProductUpdateInput = {};
  if (input.name != null) data.name = validName(input.name);
  if (input.description !== undefined) data.description = validDescription(input.description);
  if (input.priceAmount != null) data.priceAmount = validPrice(input.priceAmount);
  if (input.active != null) data.active = input.active;
  return write(prisma, id, data);
}

/** Change the price only (orders already placed keep theirs). */
export const setProductPrice = (prisma: PrismaClient, id: string, amount: number) => write(prisma, id, { priceAmount: validPrice(amount, 'amount') });

export async function findProduct(prisma: PrismaClient, id: string): Promise<ProductModel> {
  const product = await prisma.product.findUnique({ where: { id } });
  if (!product) throw notFound('Product', id);
  return product;
}

async function write(prisma: PrismaClient, id: string, data: Prisma.ProductUpdateInput): Promise<ProductModel> {
  const updated = await prisma.product.updateMany({ where: { id }, data });
  if (updated.count === 0) throw notFound('Product', id);
  return findProduct(prisma, id);
}
