/**
 * Child-process entry: a reverse proxy in Node as one would first write it, on the same parts as
 * `parity record` (a node:http server, an undici Pool with keep-alive to the upstream): the
 * request streamed on with `request()`, the answer's status, headers and body piped back,
 * hop-by-hop headers dropped, nothing else (no capture, no redaction). The peers benchmark
 * measures it in the same run as Parity: what a proxy costs on this platform before any of
 * Parity's own work. The upstream's URL comes in PARITY_BENCH_UPSTREAM. Same stdout protocol as
 * the other servers.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import { Pool } from 'undici';
import { HOP_BY_HOP } from '../../src/util/hop-by-hop.js';
import { serveUntilParentLeaves } from './serve.js';

const upstreamUrl = process.env['PARITY_BENCH_UPSTREAM'];
if (!upstreamUrl) throw new Error('node-proxy: PARITY_BENCH_UPSTREAM is not set');
const upstream = new Pool(upstreamUrl, { connections: 128, keepAliveTimeout: 30_000 });

function endToEnd<T extends Record<string, unknown>>(headers: T): T {
  const out = { ...headers };
  for (const name of HOP_BY_HOP) delete out[name];
  return out;
}

const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  upstream
    .request({ path: req.url ?? '/', method: req.method as 'POST', headers: endToEnd<IncomingHttpHeaders>(req.headers), body: hasBody ? req : null })
    .then(
      ({ statusCode, headers, body }) => {
        try {
          res.writeHead(statusCode, endToEnd(headers) as IncomingHttpHeaders);
        } catch {
          body.destroy();
          return void res.destroy();
        }
        // An upstream body that fails, or a client that leaves, ends both sides instead of the process.
        pipeline(body, res, () => {});
      },
      () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      },
    );
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
serveUntilParentLeaves((server.address() as AddressInfo).port);
