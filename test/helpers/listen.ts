import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  readonly url: string;
  /** Closes the server and its open connections; calling it again is harmless. */
  close(): Promise<void>;
}

/** Any HTTP handler (an express app too) on 127.0.0.1:0. Free of vitest: scripts use it as tests do. */
export async function listenOn(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<RunningServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return running(server);
}

/** A listening server as a url and a close. */
export function running(server: Server): RunningServer {
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
