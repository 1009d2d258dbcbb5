import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';

/** The key for requests whose client address is unknown by every means (none seen so far). */
const NO_ADDRESS = 'unknown-client';

/**
 * The rate limits' key for a request: its client address, as the plugin's own key (IPv6 by /64).
 * Node forgets a socket's address once the connection is closed, so a client that sends a request
 * and resets the connection at once leaves `request.ip` undefined by the time the limit is checked,
 * and the plugin's default key throws on it. Each connection's address is therefore noted when it
 * opens: the request still counts against its own client and, once that client is over its limit,
 * is refused like the others (the answer reaching no one). Never throws.
 */
export function rateLimitKey(server: Server): (request: FastifyRequest) => string {
  const addresses = new WeakMap<Socket, string>();
  server.on('connection', (socket: Socket) => {
    if (socket.remoteAddress) addresses.set(socket, socket.remoteAddress);
  });
  return (request) => {
    const address = request.ip ?? addresses.get(request.raw.socket);
    return address ? normalizeIP(address) : NO_ADDRESS;
  };
}
