import * as net from 'node:net';

// The shared servers' default ports: a test that asks for a spare port must never be handed one of them,
// or its private server (or a built app's listener) would collide with the machine's own.
const SHARED_PORTS = new Set([5432, 6379, 4222]);

/** A TCP port that is free on 127.0.0.1 right now (never one of the shared servers' ports). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.unref();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    if (!SHARED_PORTS.has(port)) return port;
  }
}
