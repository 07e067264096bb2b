import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface RawReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly json: unknown;
}

export interface RawRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string | number>;
  /** Sent in one piece, with a Content-Length (unless the headers say otherwise). */
  readonly body?: string | Buffer;
  /** Sent piece by piece without a Content-Length: chunked transfer encoding. */
  readonly chunks?: readonly Buffer[];
}

/**
 * One request over a fresh connection with node:http, so a test controls exactly which headers go
 * out (fetch adds a Content-Type to string bodies). Resolves with the answer even when the server
 * closes the connection while the request body is still being written (as it does for a 413).
 */
export function rawRequest(baseUrl: string, req: RawRequest): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const url = new URL(req.path, baseUrl);
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
      headers['content-length'] = Buffer.byteLength(req.body);
    }
    let answered = false;
    const client = httpRequest(
      { host: url.hostname, port: url.port, method: req.method ?? 'POST', path: `${url.pathname}${url.search}`, headers, agent: false },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    client.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (req.chunks) {
      for (const chunk of req.chunks) client.write(chunk);
      client.end();
    } else {
      client.end(req.body);
    }
  });
}
