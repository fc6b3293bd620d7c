import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/**
 * Validation: the schema has a root type for the operation's type. graphql-js 16 does not check
 * this when validating (it skips the fields of a missing root type) and throws at execution
 * instead, so `subscription { x }` sent to a subgraph without subscriptions was a masked
 * INTERNAL_SERVER_ERROR, logged as a crash. Now it is GRAPHQL_VALIDATION_FAILED (400).
 */
export function KnownOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      if (!schema.getRootType(node.operation)) {
        context.reportError(new GraphQLError(`This service has no ${node.operation} operations.`, { nodes: node }));
      }
    },
  };
}
