/**
 * Nesting limits for client input, checked before anything walks it recursively.
 *
 * graphql-js (variable coercion, `visit`), our plugins and JSON.stringify in loggers all recurse
 * over input values; a 5,000-level variable (≈10 KB) overflows the stack in any of them. These
 * checks are iterative (an explicit stack), so they cannot overflow themselves, and they run
 * where request bodies are parsed, before any of those walks.
 */

/** @default 64 levels: far beyond any real input (our deepest is an order's items, 3 levels). */
export const DEFAULT_MAX_INPUT_DEPTH = 64;

/** Depth of nested arrays/objects in a JSON value, capped: returns as soon as `max` is exceeded. */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > max) return true;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Nesting in a GraphQL document's text, by a lexical scan (no parse: graphql-js's parser is
 * recursive). Two limits: list/object *values* (`[`/`{` inside an argument list or a variable
 * default, i.e. after an open `(`) may nest `maxValueDepth` levels; all brackets together
 * (selection sets included) `4 × maxValueDepth`, well past the gateway's selection-depth rule,
 * which then reports ordinary depth violations with its own message.
 */
export function documentDepthExceeds(source: string, maxValueDepth: number): boolean {
  const maxTotal = maxValueDepth * 4;
  const open: string[] = [];
  // Bracket count since the innermost `(`; -1 while outside any argument list.
  const valueDepths: number[] = [];
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (c === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i += 1;
    } else if (c === '"') {
      i = skipString(source, i);
    } else if (c === '(' || c === '[' || c === '{') {
      open.push(c);
      if (open.length > maxTotal) return true;
      if (c === '(') valueDepths.push(0);
      else if (valueDepths.length > 0) {
        valueDepths[valueDepths.length - 1]! += 1;
        if (valueDepths[valueDepths.length - 1]! > maxValueDepth) return true;
      }
    } else if (c === ')' || c === ']' || c === '}') {
      const opened = open.pop();
      if (opened === '(') valueDepths.pop();
      else if (opened !== undefined && valueDepths.length > 0) valueDepths[valueDepths.length - 1]! -= 1;
    }
  }
  return false;
}

/** Index of the closing quote of the string (or block string) opening at `start`. */
function skipString(source: string, start: number): number {
  if (source.startsWith('"""', start)) {
    const end = source.indexOf('"""', start + 3);
    // Escaped triple quotes (\""") stay inside: search on past them.
    let at = end;
    while (at > 0 && source[at - 1] === '\\') at = source.indexOf('"""', at + 3);
    return at < 0 ? source.length : at + 2;
  }
  for (let i = start + 1; i < source.length; i += 1) {
    if (source[i] === '\\') i += 1;
    else if (source[i] === '"' || source[i] === '\n') return i;
  }
  return source.length;
}

/** One GraphQL request as sent over HTTP, WebSocket or SSE (fields unchecked). */
interface RawRequest {
  query?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

/**
 * The first part of a request nested deeper than `maxDepth`, or null. Checks the variables,
 * the extensions and the document text; anything else in the body is ignored.
 */
export function findTooDeepInput(request: RawRequest, maxDepth: number): 'variables' | 'extensions' | 'query' | null {
  if (jsonDepthExceeds(request.variables, maxDepth)) return 'variables';
  if (jsonDepthExceeds(request.extensions, maxDepth)) return 'extensions';
  if (typeof request.query === 'string' && documentDepthExceeds(request.query, maxDepth)) return 'query';
  return null;
}

/** The client-facing explanation of a refused, too-deep request. */
export const tooDeepMessage = (part: string, maxDepth: number) =>
  `Input in the request's ${part} is nested more than ${maxDepth} levels deep; flatten it.`;
