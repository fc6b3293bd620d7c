import type { IncomingMessage } from 'node:http';
import { HttpError, readBody } from '@ordergraph/http';
import type { OperationRequest } from './startOperation.js';

/**
 * The CORS-safelisted ("simple") request content types: a browser sends a cross-site POST
 * with these without a preflight, so a request carrying one may be forged by any web page.
 */
const SIMPLE_CONTENT_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * Read the one operation of a streaming POST (SSE, multipart), refusing (400) what Apollo Server's CSRF
 * prevention refuses on the HTTP path: a body must be declared `application/json`, which only a
 * preflighted (CORS-checked) browser request can send. The media type is compared by its essence
 * (`text/plain; charset=application/json` is text/plain), as browsers decide what needs a preflight.
 * The fields are checked as Apollo Server checks a POST body, so each transport refuses the same input.
 */
export async function readStreamingRequest(req: IncomingMessage, maxBodyBytes: number): Promise<OperationRequest> {
  const essence = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (essence !== 'application/json') {
    const why = SIMPLE_CONTENT_TYPES.has(essence) || essence === '' ? ' (browsers send that cross-site without a CORS preflight)' : '';
    throw new HttpError(400, `Send the operation as JSON (content-type: application/json); received ${JSON.stringify(essence || 'no content type')}${why}.`);
  }
  let request: unknown;
  try {
    request = JSON.parse(await readBody(req, maxBodyBytes));
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
  if (!request || typeof request !== 'object' || Array.isArray(request)) throw new HttpError(400, 'Send one operation as a JSON object.');
  const { query, operationName, variables, extensions } = request as Record<string, unknown>;
  const optional = (value: unknown, type: 'string' | 'object') => value == null || (typeof value === type && !Array.isArray(value));
  if (!optional(query, 'string')) throw new HttpError(400, '"query" must be a string.');
  if (!optional(operationName, 'string')) throw new HttpError(400, '"operationName" must be a string if provided.');
  if (!optional(variables, 'object')) throw new HttpError(400, '"variables" must be a JSON object if provided.');
  if (!optional(extensions, 'object')) throw new HttpError(400, '"extensions" must be a JSON object if provided.');
  return request as OperationRequest;
}
