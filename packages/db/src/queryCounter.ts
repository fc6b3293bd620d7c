/** Counts SQL statements a Prisma client sends; read it before and after a request. */
export interface QueryStats {
  statements: number;
}

interface QueryEventSource {
  $on(event: 'query', listener: (event: { query: string; duration: number }) => void): void;
}

/** Count the statements of every client given (e.g. Prisma and SqlReads) in one total. */
export function countQueries(...clients: QueryEventSource[]): QueryStats {
  const stats: QueryStats = { statements: 0 };
  for (const client of clients) {
    client.$on('query', () => {
      stats.statements += 1;
    });
  }
  return stats;
}
