import type { IncomingMessage, ServerResponse } from 'node:http';
import { onTestFinished } from 'vitest';
import { listenOn, type RunningServer } from './listen.js';

/** Any HTTP handler on 127.0.0.1:0, closed (with its connections) when the test ends. */
export async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<RunningServer> {
  const server = await listenOn(handler);
  onTestFinished(() => server.close());
  return server;
}

/** A server answering each request with its own body, as text/plain. */
export function startEchoServer(): Promise<RunningServer> {
  return startServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('content-type', 'text/plain');
      res.end(Buffer.concat(chunks));
    });
  });
}
