import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '@ordergraph/core';

/** `{ id → body }` of the operations a trusted-documents deployment accepts. */
export type TrustedDocuments = ReadonlyMap<string, string>;

interface ManifestOperation {
  id: string;
  body: string;
  name?: string;
  type?: string;
}

/**
 * Read an Apollo persisted-query manifest (`{ format: "apollo-persisted-query-manifest",
 * version: 1, operations: [{ id, name, type, body }] }`, as written by
 * @apollo/generate-persisted-query-manifest). Every id must be the SHA-256 of its body.
 */
export function loadTrustedDocuments(path: string): TrustedDocuments {
  const fail = (why: string) => new ConfigError(`Invalid configuration:\n  TRUSTED_DOCUMENTS_PATH: ${why} (${path})`);
  let manifest: { format?: unknown; version?: unknown; operations?: unknown };
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw fail(`cannot read a JSON manifest: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    throw fail('expected { "format": "apollo-persisted-query-manifest", "version": 1, "operations": [...] }');
  }
  const documents = new Map<string, string>();
  for (const [index, op] of (manifest.operations as ManifestOperation[]).entries()) {
    if (typeof op?.body !== 'string' || typeof op.id !== 'string') throw fail(`operation ${index} needs a string "id" and "body"`);
    const hash = createHash('sha256').update(op.body).digest('hex');
    if (hash !== op.id) throw fail(`operation ${index} (${op.name ?? 'unnamed'}): "id" is not the SHA-256 of its body`);
    documents.set(op.id, op.body);
  }
  return documents;
}

/**
 * A read-only APQ cache over the manifest: clients may send just the hash of a registered
 * operation, and registering new ones (APQ's second request) changes nothing.
 */
export function trustedDocumentsCache(documents: TrustedDocuments) {
  const PREFIX = 'apq:'; // Apollo Server prefixes APQ keys with this
  return {
    get: async (key: string) => documents.get(key.startsWith(PREFIX) ? key.slice(PREFIX.length) : key),
    set: async () => undefined,
    delete: async () => false,
  };
}
