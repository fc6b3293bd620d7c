/** What quietProtocolErrors needs of a ws WebSocketServer (structural: this package does not load ws). */
interface SocketServer {
  on(event: 'connection', listener: (socket: { removeAllListeners(event: string): unknown; on(event: 'error', listener: () => void): unknown }) => void): unknown;
}

/**
 * Register after graphql-ws's own 'connection' listener. A client's protocol error (a message
 * over maxPayload, invalid UTF-8, an unmasked frame) is emitted on its socket, and graphql-ws
 * answers it with console.error and a stack trace, so any client could write unstructured stack
 * traces into the logs at will. ws has already closed that socket with the right code (1009,
 * 1007, 1002): that is the whole answer, nothing to log. Used by the gateway and the subgraphs.
 */
export function quietProtocolErrors(wss: SocketServer): void {
  wss.on('connection', (socket) => {
    socket.removeAllListeners('error');
    socket.on('error', () => undefined);
  });
}
