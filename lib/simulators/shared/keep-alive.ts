import type { Server } from 'node:http';

/**
 * How long the simulators keep an idle connection open: a minute, as the nginx fronts of the real
 * services do (Node's own default is 5 s). With 5 s, a client reusing a socket the server is closing
 * at that moment meets ECONNRESET on a POST it cannot safely send again; under CI's load that race
 * turned into failed jobs that the real services would not cause.
 */
export const SIMULATOR_KEEP_ALIVE_MS = 60_000;

export function keepConnectionsLikeTheRealServices(...servers: Server[]): void {
  for (const server of servers) {
    server.keepAliveTimeout = SIMULATOR_KEEP_ALIVE_MS;
    server.headersTimeout = SIMULATOR_KEEP_ALIVE_MS + 1_000;
  }
}
