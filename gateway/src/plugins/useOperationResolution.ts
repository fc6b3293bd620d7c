import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';
import type { GatewayContext } from '../context.js';

/**
 * Refuses a request whose document and `operationName` do not select exactly one operation
 * (`operationName: ""`, a blank or unknown name, several operations and no name), with
 * OPERATION_RESOLUTION_FAILURE and HTTP 400, before any subgraph is called.
 *
 * Why a plugin: Apollo Server resolves the operation once (`requestContext.operation`, by
 * graphql-js's getOperationAST) and every check (GET is for queries, authorization, cost,
 * budget) runs on that; when it resolves none, those checks see nothing to check, and only
 * graphql-js's own execute would have refused. With a gateway executor nothing refuses, so
 * the refusal is made here, for both executors; ours also executes only that resolved
 * operation (createExecutor), never one it picks again from `request.operationName`.
 */
export function useOperationResolution(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation) return;
          throw new GraphQLError(unresolvedMessage(document, request.operationName), {
            extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
          });
        },
      };
    },
  };
}

function unresolvedMessage(document: DocumentNode, operationName: unknown): string {
  const names = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? '(anonymous)'] : []));
  const listed = names.slice(0, 10).map((n) => JSON.stringify(n)).join(', ');
  if (operationName == null) return `The document holds ${names.length} operations (${listed}): name the one to run with "operationName".`;
  const shown = JSON.stringify(String(operationName).slice(0, 64));
  return `No operation named ${shown} in the document (it holds ${listed}): send one of those names as "operationName", or omit it for a document with a single operation.`;
}
