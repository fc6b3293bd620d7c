import type { FetchNode, ResponsePath } from '@apollo/query-planner';
import { ERRORS, errorCodeDef } from '@apollo/federation-internals';
import type { GraphQLError, GraphQLErrorOptions, GraphQLFormattedError } from 'graphql';
import { generateHydratedPaths, graphql } from './gatewayInternals.js';

type PathOf = (path: GraphQLErrorOptions['path']) => GraphQLErrorOptions['path'];

/**
 * Maps a subgraph error's path into the client's response. Entity errors (`_entities.3.x`)
 * need the concrete positions of the entities, computed only when an error needs them.
 */
export function errorPathGenerator(fetch: FetchNode, cursor: { path: ResponsePath; fullResult: Record<string, any> }): PathOf {
  let hydrated: Array<Array<string | number>> | undefined;
  return (errorPath) => {
    if (fetch.requires && typeof errorPath?.[1] === 'number') {
      if (!hydrated) {
        hydrated = [];
        generateHydratedPaths([], cursor.path, cursor.fullResult, hydrated);
      }
      return [...(hydrated[errorPath[1]] ?? []), ...errorPath.slice(2)];
    }
    return errorPath ? [...cursor.path, ...errorPath] : undefined;
  };
}

/** A subgraph error as the client sees it: the subgraph's code kept, the service name added (as stock). */
export function downstreamServiceError(original: GraphQLFormattedError, serviceName: string, pathOf: PathOf): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const options: GraphQLErrorOptions = {
    originalError: original as Error,
    path: pathOf(original.path),
    extensions: { ...original.extensions, serviceName },
  };
  const codeDef = errorCodeDef(original);
  if (!codeDef && original.extensions?.code) return new graphql.GraphQLError(message, options);
  return (codeDef ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}
