import { createServer } from 'node:net';

/** True when nothing listens on 127.0.0.1:port (and nothing on the wildcard address blocks a bind there). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the OS says is free on loopback right now. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The preferred port when it is free, else a free one. A busy port is never taken over: whatever holds it
 * was not started by us (vLLM with SO_REUSEPORT would even share it silently, vllm #39762).
 */
export async function choosePort(preferred: number | null): Promise<{ port: number; preferredBusy: boolean }> {
  if (preferred !== null && (await isPortFree(preferred))) return { port: preferred, preferredBusy: false };
  return { port: await freeLoopbackPort(), preferredBusy: preferred !== null };
}
