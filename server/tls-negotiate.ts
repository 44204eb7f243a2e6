/**
 * SSL negotiation before the startup packet (PostgreSQL docs §55.2.10 "SSL Session Encryption"):
 * an SSLRequest is answered 'S' and the socket is upgraded with node:tls; a GSSENCRequest is
 * answered 'N' (no GSSAPI encryption) and the client may then ask for SSL. Any other first packet
 * is put back for the Connection to read, so clients that do not ask for SSL go on in the clear.
 */
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { SecureContext } from 'node:tls';
import { StartupCode } from './protocol/message-codes.ts';

/** Reads exactly `n` bytes from a paused socket; null when it ends first. */
function readBytes(socket: Socket, n: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const tryRead = (): void => {
      const b = socket.read(n) as Buffer | null;
      if (b) {
        done();
        resolve(b);
      }
    };
    const onEnd = (): void => {
      done();
      resolve(null);
    };
    const done = (): void => {
      socket.off('readable', tryRead);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
    };
    socket.on('readable', tryRead);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    tryRead();
  });
}

/**
 * Negotiates SSL on a freshly accepted socket. Resolves with the socket the Connection should use:
 * a server-side TLSSocket after an SSLRequest, else the plain socket with its first bytes unread;
 * null when the client went away.
 */
export async function negotiateTls(socket: Socket, context: SecureContext): Promise<Socket | null> {
  for (;;) {
    const head = await readBytes(socket, 8);
    if (!head) return null;
    const len = head.readInt32BE(0);
    const code = head.readUInt32BE(4);
    if (len === 8 && code === StartupCode.SSLRequest) {
      socket.write(Buffer.from('S'));
      return new TLSSocket(socket, { isServer: true, secureContext: context });
    }
    if (len === 8 && code === StartupCode.GSSENCRequest) {
      socket.write(Buffer.from('N'));
      continue;
    }
    socket.unshift(head);
    return socket;
  }
}
