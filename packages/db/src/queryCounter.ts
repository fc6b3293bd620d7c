/** Counts SQL statements a Prisma client sends; read it before and after a request. */
export interface QueryStats {
  statements: number;
}

interface QueryEventSource {
  $on(event: 'query', listener: (event: { query: string; duration: number }) => void): void;
}

export function countQueries(client: QueryEventSource): QueryStats {
  const stats: QueryStats = { statements: 0 };
  client.$on('query', () => {
    stats.statements += 1;
  });
  return stats;
}
