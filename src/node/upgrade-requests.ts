/**
 * Node hands a request with `Upgrade:` (a WebSocket) to the server's 'upgrade' event instead of its
 * request handler, and closes the socket unanswered when nothing listens. This answers it through
 * the core, which says what is and is not supported, and closes the connection.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

interface UpgradeEmitter {
  on(event: 'upgrade', listener: (request: IncomingMessage, socket: Duplex) => void): unknown;
}

export function answerUpgradeRequests(server: UpgradeEmitter, handle: (request: Request) => Promise<Response>): void {
  server.on('upgrade', (incoming, socket) => {
    const headers = new Headers();
    for (let i = 0; i < incoming.rawHeaders.length; i += 2) headers.append(incoming.rawHeaders[i] as string, incoming.rawHeaders[i + 1] as string);
    const request = new Request(new URL(incoming.url ?? '/', `http://${headers.get('host') ?? 'localhost'}`), { method: incoming.method, headers });
    handle(request)
      .then(async (response) => {
        const body = Buffer.from(await response.arrayBuffer());
        let head = `HTTP/1.1 ${response.status} ${response.statusText || 'Error'}\r\n`;
        response.headers.forEach((value, name) => {
          head += `${name}: ${value}\r\n`;
        });
        socket.end(`${head}content-length: ${body.byteLength}\r\nconnection: close\r\n\r\n${body.toString('utf8')}`);
      })
      .catch(() => socket.destroy());
  });
}
