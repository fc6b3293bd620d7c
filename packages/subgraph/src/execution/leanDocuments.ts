import { BREAK, Kind, parse, specifiedRules, validate, visit, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { LRUCache } from 'lru-cache';

/** Longest query text the lean path caches; longer ones go through Apollo Server. */
export const MAX_LEAN_QUERY_LENGTH = 64 * 1024;

/**
 * Fields and directives the lean path leaves to Apollo Server: introspection (its own validation
 * rule when introspection is off), `_service` (the SDL guard's 403), and incremental delivery.
 */
const APOLLO_ONLY_FIELDS = new Set(['__schema', '__type', '_service']);
const APOLLO_ONLY_DIRECTIVES = new Set(['defer', 'stream']);

/**
 * Whether a parsed, valid document is the common case: every operation a query or mutation, and
 * nothing Apollo Server treats specially.
 */
function isPlain(document: DocumentNode): boolean {
  let plain = true;
  visit(document, {
    OperationDefinition(node) {
      if (node.operation === 'subscription') {
        plain = false;
        return BREAK;
      }
      return undefined;
    },
    Field(node) {
      if (!APOLLO_ONLY_FIELDS.has(node.name.value)) return undefined;
      plain = false;
      return BREAK;
    },
    Directive(node) {
      if (!APOLLO_ONLY_DIRECTIVES.has(node.name.value)) return undefined;
      plain = false;
      return BREAK;
    },
  });
  return plain && document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION);
}

/**
 * Parsed and validated documents by query text, as Apollo Server's document store keeps them
 * (it keys by a SHA-256 of the text, which costs a hash per request; a Map lookup by the text
 * itself does not). A document that does not parse, does not validate (with the same rules
 * Apollo applies: graphql-js's specifiedRules and the service's own) or is not plain is
 * remembered as `null`: Apollo serves it, with its own errors.
 */
export class LeanDocumentCache {
  private readonly documents: LRUCache<string, { document: DocumentNode | null }>;
  private readonly rules: ValidationRule[];

  constructor(
    private readonly schema: GraphQLSchema,
    validationRules: ValidationRule[],
    /**
     * Most query text kept, in characters; hostile queries are remembered too. A parsed document
     * takes some 20–40 times its text, so the default is about Apollo's 30 MiB document store.
     * @default 1 Mi
     */
    maxSize = 1024 * 1024,
  ) {
    this.rules = [...specifiedRules, ...validationRules];
    this.documents = new LRUCache({ max: 1000, maxSize, sizeCalculation: (_entry, query) => query.length + 1 });
  }

  /** The document for `query`, or null when Apollo Server must serve it. */
  get(query: string): DocumentNode | null {
    if (query.length > MAX_LEAN_QUERY_LENGTH) return null;
    let entry = this.documents.get(query);
    if (!entry) {
      entry = { document: this.prepare(query) };
      this.documents.set(query, entry);
    }
    return entry.document;
  }

  private prepare(query: string): DocumentNode | null {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch {
      return null;
    }
    if (validate(this.schema, document, this.rules).length > 0) return null;
    return isPlain(document) ? document : null;
  }
}
