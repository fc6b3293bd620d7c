import type { GraphQLResolveInfo } from 'graphql';
import type { ProductModel, InventoryModel, MoneyModel } from '../mappers.js';
import type { ReservationResult as ReservationResultModel } from '../services/inventory.js';
import type { Context } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type CreateProductInput = {
  /** ISO-4217 code, e.g. USD. Every product of one order must share it. */
  currency: Scalars['String']['input'];
  /** At most 2000 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Units available at once, 0 to 1,000,000. @default 0 */
  initialStock?: InputMaybe<Scalars['Int']['input']>;
  /** 1 to 200 characters. */
  name: Scalars['String']['input'];
  /** Price in minor units of `currency`, 0 to 100,000,000. */
  priceAmount: Scalars['Int']['input'];
  /** Stock-keeping unit: 1 to 64 letters, digits, ".", "_" or "-" (stored upper-case), unique. */
  sku: Scalars['String']['input'];
};

/** Stock of a product: `available` can be ordered now, `reserved` is held by orders in progress. */
export type Inventory = {
  __typename?: 'Inventory';
  available: Scalars['Int']['output'];
  reserved: Scalars['Int']['output'];
};

/** An amount of money in minor units (cents for USD). */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['Int']['output'];
  /** ISO-4217 currency code, e.g. USD. */
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Internal: the order is paid; the held stock leaves the warehouse. Idempotent. */
  commitReservation: ReservationResult;
  /** Internal: commitReservation for several paid orders in one statement; orders without a reservation are left out. Idempotent. */
  commitReservations: Array<ReservationResult>;
  /** ADMIN: add a product to the catalog with its initial stock. A SKU already in use gives SKU_TAKEN. */
  createProduct: Product;
  /** Internal: give the order's stock back (held or committed). Leaves a tombstone if nothing was held. Idempotent. */
  releaseReservation: ReservationResult;
  /** Internal (orders service only): hold stock for every line of an order, all or nothing. Idempotent per order. */
  reserveStock: ReservationResult;
  /**
   * Internal: reserveStock for several orders in one transaction (one commit); one result per input, in input order.
   * Each order gets the answer reserveStock would give it; an order that fails alone (invalid lines) has `errorCode`
   * and leaves the others unaffected. Idempotent per order.
   */
  reserveStocks: Array<ReservationAttempt>;
  /** ADMIN: add \`quantity\` units (1–1,000,000) to a product's available stock. */
  restock: Product;
  /** ADMIN: change a product's price (minor units). Orders already placed keep the price they were placed at. */
  setProductPrice: Product;
  /** Change a product's catalog entry (ADMIN only). Omitted fields keep their value; `active: false` archives it. */
  updateProduct: Product;
};


export type MutationCommitReservationArgs = {
  orderId: Scalars['ID']['input'];
};


export type MutationCommitReservationsArgs = {
  orderIds: Array<Scalars['ID']['input']>;
};


export type MutationCreateProductArgs = {
  input: CreateProductInput;
};


export type MutationReleaseReservationArgs = {
  orderId: Scalars['ID']['input'];
};


export type MutationReserveStockArgs = {
  input: ReserveStockInput;
};


export type MutationReserveStocksArgs = {
  inputs: Array<ReserveStockInput>;
};


export type MutationRestockArgs = {
  productId: Scalars['ID']['input'];
  quantity: Scalars['Int']['input'];
};


export type MutationSetProductPriceArgs = {
  amount: Scalars['Int']['input'];
  productId: Scalars['ID']['input'];
};


export type MutationUpdateProductArgs = {
  id: Scalars['ID']['input'];
  input: UpdateProductInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Product = {
  __typename?: 'Product';
  description: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  inventory: Inventory;
  name: Scalars['String']['output'];
  price: Money;
  sku: Scalars['String']['output'];
};

export type ProductConnection = {
  __typename?: 'ProductConnection';
  edges: Array<ProductEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ProductEdge = {
  __typename?: 'ProductEdge';
  cursor: Scalars['String']['output'];
  node: Product;
};

export type ProductQuote = {
  __typename?: 'ProductQuote';
  active: Scalars['Boolean']['output'];
  currency: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  priceAmount: Scalars['Int']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** A product by id, or null when there is none. */
  product: Maybe<Product>;
  /** Internal (orders service only): current price and availability of products, for pricing an order. */
  productQuotes: Array<ProductQuote>;
  /** The catalog, ordered by name. `search` matches name, SKU or description, case-insensitively. */
  products: ProductConnection;
};


export type QueryProductArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProductQuotesArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type QueryProductsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};

/** One order's answer in reserveStocks: a ReservationResult, or this order's own error. */
export type ReservationAttempt = {
  __typename?: 'ReservationAttempt';
  /** The error code reserveStock would have answered for this order alone (e.g. BAD_USER_INPUT, CONFLICT). */
  errorCode: Maybe<Scalars['String']['output']>;
  errorMessage: Maybe<Scalars['String']['output']>;
  orderId: Scalars['ID']['output'];
  /** Null when the order has an error instead. */
  outcome: Maybe<ReservationOutcome>;
  /** The first product that lacked stock, when the outcome is OUT_OF_STOCK. */
  productId: Maybe<Scalars['ID']['output']>;
};

export type ReservationOutcome =
  | 'COMMITTED'
  | 'OUT_OF_STOCK'
  | 'RELEASED'
  | 'RESERVED';

export type ReservationResult = {
  __typename?: 'ReservationResult';
  orderId: Scalars['ID']['output'];
  outcome: ReservationOutcome;
  /** The first product that lacked stock, when the outcome is OUT_OF_STOCK. */
  productId: Maybe<Scalars['ID']['output']>;
};

export type ReserveStockInput = {
  items: Array<ReserveStockItem>;
  orderId: Scalars['ID']['input'];
};

export type ReserveStockItem = {
  productId: Scalars['ID']['input'];
  quantity: Scalars['Int']['input'];
};

export type UpdateProductInput = {
  /** Inactive products are hidden from the catalog but still resolve in existing orders. */
  active?: InputMaybe<Scalars['Boolean']['input']>;
  /** At most 2000 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 200 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Price in minor units, 0 or more. */
  priceAmount?: InputMaybe<Scalars['Int']['input']>;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Product: Product;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Product:
    ( { __typename: 'Product' }
    & GraphQLRecursivePick<FederationTypes['Product'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  CreateProductInput: CreateProductInput;
  Inventory: ResolverTypeWrapper<InventoryModel>;
  Money: ResolverTypeWrapper<MoneyModel>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Product: ResolverTypeWrapper<ProductModel>;
  ProductConnection: ResolverTypeWrapper<Omit<ProductConnection, 'edges'> & { edges: Array<ResolversTypes['ProductEdge']> }>;
  ProductEdge: ResolverTypeWrapper<Omit<ProductEdge, 'node'> & { node: ResolversTypes['Product'] }>;
  ProductQuote: ResolverTypeWrapper<ProductQuote>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ReservationAttempt: ResolverTypeWrapper<ReservationAttempt>;
  ReservationOutcome: ReservationOutcome;
  ReservationResult: ResolverTypeWrapper<ReservationResultModel>;
  ReserveStockInput: ReserveStockInput;
  ReserveStockItem: ReserveStockItem;
  UpdateProductInput: UpdateProductInput;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  CreateProductInput: CreateProductInput;
  Inventory: InventoryModel;
  Money: MoneyModel;
  Mutation: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  PageInfo: PageInfo;
  Product: ProductModel;
  ProductConnection: Omit<ProductConnection, 'edges'> & { edges: Array<ResolversParentTypes['ProductEdge']> };
  ProductEdge: Omit<ProductEdge, 'node'> & { node: ResolversParentTypes['Product'] };
  ProductQuote: ProductQuote;
  Query: Record<PropertyKey, never>;
  ReservationAttempt: ReservationAttempt;
  ReservationResult: ReservationResultModel;
  ReserveStockInput: ReserveStockInput;
  ReserveStockItem: ReserveStockItem;
  UpdateProductInput: UpdateProductInput;
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
}>;

export type AuthenticatedDirectiveArgs = { };

export type AuthenticatedDirectiveResolver<Result, Parent, ContextType = Context, Args = AuthenticatedDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type CacheControlDirectiveArgs = {
  inheritMaxAge?: Maybe<Scalars['Boolean']['input']>;
  maxAge?: Maybe<Scalars['Int']['input']>;
};

export type CacheControlDirectiveResolver<Result, Parent, ContextType = Context, Args = CacheControlDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type PolicyDirectiveArgs = {
  policies: Array<Array<Scalars['String']['input']>>;
};

export type PolicyDirectiveResolver<Result, Parent, ContextType = Context, Args = PolicyDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type RateLimitDirectiveArgs = {
  by?: Maybe<Array<Scalars['String']['input']>>;
  duration: Scalars['Int']['input'];
  limit: Scalars['Int']['input'];
};

export type RateLimitDirectiveResolver<Result, Parent, ContextType = Context, Args = RateLimitDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type RequiresScopesDirectiveArgs = {
  scopes: Array<Array<Scalars['String']['input']>>;
};

export type RequiresScopesDirectiveResolver<Result, Parent, ContextType = Context, Args = RequiresScopesDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type InventoryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Inventory'] = ResolversParentTypes['Inventory']> = ResolversObject<{
  available?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reserved?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  commitReservation?: Resolver<ResolversTypes['ReservationResult'], ParentType, ContextType, RequireFields<MutationCommitReservationArgs, 'orderId'>>;
  commitReservations?: Resolver<Array<ResolversTypes['ReservationResult']>, ParentType, ContextType, RequireFields<MutationCommitReservationsArgs, 'orderIds'>>;
  createProduct?: Resolver<ResolversTypes['Product'], ParentType, ContextType, RequireFields<MutationCreateProductArgs, 'input'>>;
  releaseReservation?: Resolver<ResolversTypes['ReservationResult'], ParentType, ContextType, RequireFields<MutationReleaseReservationArgs, 'orderId'>>;
  reserveStock?: Resolver<ResolversTypes['ReservationResult'], ParentType, ContextType, RequireFields<MutationReserveStockArgs, 'input'>>;
  reserveStocks?: Resolver<Array<ResolversTypes['ReservationAttempt']>, ParentType, ContextType, RequireFields<MutationReserveStocksArgs, 'inputs'>>;
  restock?: Resolver<ResolversTypes['Product'], ParentType, ContextType, RequireFields<MutationRestockArgs, 'productId' | 'quantity'>>;
  setProductPrice?: Resolver<ResolversTypes['Product'], ParentType, ContextType, RequireFields<MutationSetProductPriceArgs, 'amount' | 'productId'>>;
  updateProduct?: Resolver<ResolversTypes['Product'], ParentType, ContextType, RequireFields<MutationUpdateProductArgs, 'id' | 'input'>>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ProductResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Product'] = ResolversParentTypes['Product'], FederationReferenceType extends FederationReferenceTypes['Product'] = FederationReferenceTypes['Product']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Product']> | FederationReferenceType, FederationReferenceType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  inventory?: Resolver<ResolversTypes['Inventory'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ProductConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProductConnection'] = ResolversParentTypes['ProductConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ProductEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ProductEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProductEdge'] = ResolversParentTypes['ProductEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
}>;

export type ProductQuoteResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProductQuote'] = ResolversParentTypes['ProductQuote']> = ResolversObject<{
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  priceAmount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  product?: Resolver<Maybe<ResolversTypes['Product']>, ParentType, ContextType, RequireFields<QueryProductArgs, 'id'>>;
  productQuotes?: Resolver<Array<ResolversTypes['ProductQuote']>, ParentType, ContextType, RequireFields<QueryProductQuotesArgs, 'ids'>>;
  products?: Resolver<ResolversTypes['ProductConnection'], ParentType, ContextType, RequireFields<QueryProductsArgs, 'first'>>;
}>;

export type ReservationAttemptResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ReservationAttempt'] = ResolversParentTypes['ReservationAttempt']> = ResolversObject<{
  errorCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  errorMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  orderId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  outcome?: Resolver<Maybe<ResolversTypes['ReservationOutcome']>, ParentType, ContextType>;
  productId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
}>;

export type ReservationResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ReservationResult'] = ResolversParentTypes['ReservationResult']> = ResolversObject<{
  orderId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['ReservationOutcome'], ParentType, ContextType>;
  productId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  Inventory?: InventoryResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  ProductConnection?: ProductConnectionResolvers<ContextType>;
  ProductEdge?: ProductEdgeResolvers<ContextType>;
  ProductQuote?: ProductQuoteResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ReservationAttempt?: ReservationAttemptResolvers<ContextType>;
  ReservationResult?: ReservationResultResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = Context> = ResolversObject<{
  authenticated?: AuthenticatedDirectiveResolver<any, any, ContextType>;
  cacheControl?: CacheControlDirectiveResolver<any, any, ContextType>;
  policy?: PolicyDirectiveResolver<any, any, ContextType>;
  rateLimit?: RateLimitDirectiveResolver<any, any, ContextType>;
  requiresScopes?: RequiresScopesDirectiveResolver<any, any, ContextType>;
}>;
