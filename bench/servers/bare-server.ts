/**
 * Child-process entry: a bare node:http server, the ceiling the validator is compared with. It reads
 * each request body to the end (as the validator must) and answers a fixed JSON body shaped and
 * sized like a validator answer (~600 bytes), with the same headers. Same stdout protocol as
 * validator-server.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BARE_ANSWER as BODY } from './bare-answer.js';
import { serveUntilParentLeaves } from './serve.js';

const LENGTH = Buffer.byteLength(BODY);

const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': LENGTH });
    res.end(BODY);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
serveUntilParentLeaves((server.address() as AddressInfo).port);
