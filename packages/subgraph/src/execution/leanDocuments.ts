import { BREAK, Kind, visit, type DocumentNode } from 'graphql';
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
 * The documents Apollo Server parsed and validated, by query text, for the lean path to execute
 * without a SHA-256 of the text per request (Apollo's document store key). The lean path never
 * parses or validates a text itself: it learns a document from Apollo's pipeline (`learn`, called
 * once Apollo resolved an operation of it), so the first request of each text goes through Apollo.
 * A text Apollo refuses (syntax, validation, introspection when it is off) is never learned, and
 * every request of it is Apollo's alone: when the lean path validated unseen texts itself, Apollo
 * validated each refused one again, and a hostile, costly-to-validate document cost twice the CPU
 * it costs with SUBGRAPH_EXECUTION=apollo.
 */
export class LeanDocumentCache {
  private readonly documents: LRUCache<string, { document: DocumentNode | null }>;

  constructor(
    /**
     * Most query text kept, in characters. The documents are the ones Apollo's document store
     * holds too, so this costs little memory of its own.
     * @default 1 Mi
     */
    maxSize = 1024 * 1024,
  ) {
    this.documents = new LRUCache({ max: 1000, maxSize, sizeCalculation: (_entry, query) => query.length + 1 });
  }

  /** The document for `query` if Apollo validated it and the lean path may serve it, else null. */
  get(query: string): DocumentNode | null {
    return this.documents.get(query)?.document ?? null;
  }

  /** Remember a document Apollo Server parsed and validated from `query` (null if not plain). */
  learn(query: string, document: DocumentNode): void {
    if (query.length > MAX_LEAN_QUERY_LENGTH || this.documents.has(query)) return;
    this.documents.set(query, { document: isPlain(document) ? document : null });
  }

  /** How many texts are remembered. */
  get size(): number {
    return this.documents.size;
  }
}
