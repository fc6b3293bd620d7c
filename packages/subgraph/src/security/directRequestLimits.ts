import type { IncomingMessage } from 'node:http';
import type { HTTPGraphQLRequest } from '@apollo/server';
import { Lexer, Source, TokenKind } from 'graphql';
import { HttpError } from '@ordergraph/http';

/** The query texts of a request: a POST body's (one, or each of a batch), or a GET's `query`. */
function queryTexts(request: HTTPGraphQLRequest): string[] {
  if (request.method === 'GET') {
    const query = new URLSearchParams(request.search).get('query');
    return query === null ? [] : [query];
  }
  const operations = Array.isArray(request.body) ? request.body : [request.body];
  return operations.flatMap((op) => (op && typeof op === 'object' && typeof (op as { query?: unknown }).query === 'string' ? [(op as { query: string }).query] : []));
}

/** Whether `text` holds more than `max` tokens (comments aside, as graphql-js counts them); a text that does not lex is left to the parser. */
function exceedsTokens(text: string, max: number): boolean {
  try {
    const lexer = new Lexer(new Source(text));
    let count = 0;
    while (lexer.advance().kind !== TokenKind.EOF) if (++count > max) return true;
    return false;
  } catch {
    return false;
  }
}

/**
 * A subgraph's own document limit for requests that did NOT come through the gateway or from a
 * service: the gateway refuses a client document of more than `GRAPHQL_MAX_TOKENS` (5,000) before
 * planning, so the documents it sends are bounded by what it accepted, but a caller that reaches a
 * subgraph directly was bounded by nothing — a 55 KB document of fragment spreads cost half a
 * second of validation CPU per request (docs/operations.md, session 7). Such a request gets the
 * gateway's limit, with the error graphql-js gives for it (400 GRAPHQL_PARSE_FAILED), before
 * anything parses it. Requests signed by the gateway or a service are not limited here.
 *
 * @param isTrusted whether the request carries a valid gateway identity header or service token;
 * asked only for texts longer than `maxTokens` characters (a shorter text cannot hold more tokens).
 */
export function createDirectRequestGuard(maxTokens: number, isTrusted: (req: IncomingMessage) => Promise<boolean>) {
  return async (req: IncomingMessage, request: HTTPGraphQLRequest): Promise<void> => {
    const long = queryTexts(request).filter((text) => text.length > maxTokens);
    if (long.length === 0 || (await isTrusted(req))) return;
    if (long.some((text) => exceedsTokens(text, maxTokens))) {
      throw new HttpError(400, `Syntax Error: Document contains more than ${maxTokens} tokens. Parsing aborted.`, 'GRAPHQL_PARSE_FAILED');
    }
  };
}
