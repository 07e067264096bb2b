import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ParityError } from '../core/errors.js';
import { REQUEST_CODES, type RequestCode } from './error-codes.js';
import { errorAnswer, newRequestId, type PaymentValidator } from './service.js';

export const MAX_BODY_BYTES = 64 * 1024;
const VALIDATE_PATH = '/v1/payments/validate';

type Handler = (req: IncomingMessage, res: ServerResponse, validator: PaymentValidator) => void;

/** Path → method → handler. A known path with another method is a 405, an unknown path a 404. */
const ROUTES: Readonly<Record<string, Readonly<Record<string, Handler>>>> = {
  [VALIDATE_PATH]: { POST: validatePayment },
  '/admin/reset': { POST: reset },
  '/healthz': { GET: (_req, res) => send(res, 200, { status: 'ok' }) },
};

export interface ListeningValidator {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves the validator over HTTP/1.1 with keep-alive. Resolves once listening. */
export async function listenValidator(validator: PaymentValidator, host: string, port: number): Promise<ListeningValidator> {
  const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => route(req, res, validator));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((cause: NodeJS.ErrnoException) => {
    throw new ParityError('LISTEN_FAILED', `cannot listen on ${host}:${port}: ${cause.code ?? cause.message}`, {
      hint: cause.code === 'EADDRINUSE' ? 'another process holds the port: pick another --port (0 picks a free one)' : 'check --host and --port',
      cause,
    });
  });
  const { port: actual } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return { url: `http://${shownHost}:${actual}`, port: actual, close: () => (closing ??= closeServer(server)) };
}

/** Answers a performance mutation holds back, and for how many milliseconds. */
const HELD = new WeakMap<ServerResponse, number>();

function route(req: IncomingMessage, res: ServerResponse, validator: PaymentValidator): void {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path === VALIDATE_PATH && validator.servingCost) {
    const holdMs = validator.servingCost.onRequest();
    if (holdMs > 0) HELD.set(res, holdMs);
  }
  const methods = ROUTES[path];
  if (!methods) return sendError(res, 'ROUTE_NOT_FOUND', '$', `no route ${path}`);
  const handler = methods[req.method ?? ''];
  if (!handler) {
    res.setHeader('allow', Object.keys(methods).join(', '));
    return sendError(res, 'METHOD_NOT_ALLOWED', '$', `${req.method} is not allowed on ${path}; use ${Object.keys(methods).join(', ')}`);
  }
  try {
    handler(req, res, validator);
  } catch (error) {
    internalError(res, error);
  }
}

function validatePayment(req: IncomingMessage, res: ServerResponse, validator: PaymentValidator): void {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    drain(req);
    return sendError(res, 'CONTENT_TYPE_UNSUPPORTED', '$', `expected Content-Type application/json, got ${contentType || 'none'}`);
  }
  readBody(req, res, (text) => {
    if (text.trim().length === 0) return sendError(res, 'BODY_EMPTY', '$', 'the request has no body');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      return sendError(res, 'BODY_MALFORMED_JSON', '$', `body is not valid JSON: ${(error as Error).message}`);
    }
    const reply = validator.validate(body);
    if (reply.status !== 200) return send(res, reply.status, reply.body);
    if (reply.replayed) res.setHeader('idempotent-replayed', 'true');
    sendText(res, 200, reply.text);
  });
}

function reset(req: IncomingMessage, res: ServerResponse, validator: PaymentValidator): void {
  drain(req);
  validator.reset();
  send(res, 200, { status: 'reset' });
}

/** Reads the body up to MAX_BODY_BYTES; past it answers 413 and closes the connection. */
function readBody(req: IncomingMessage, res: ServerResponse, onBody: (text: string) => void): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return tooLarge(req, res);
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      req.removeAllListeners('data');
      req.removeAllListeners('end');
      return tooLarge(req, res);
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    try {
      onBody(Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      internalError(res, error);
    }
  });
  req.on('error', () => res.destroy());
}

function tooLarge(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('connection', 'close');
  sendError(res, 'BODY_TOO_LARGE', '$', `body exceeds ${MAX_BODY_BYTES} bytes`);
  // Stop reading the rest of an oversized upload once the answer is out.
  res.on('finish', () => req.destroy());
}

function drain(req: IncomingMessage): void {
  req.resume();
}

const ERROR_NAMES: Readonly<Record<number, string>> = {
  400: 'invalid_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
};

function sendError(res: ServerResponse, code: RequestCode, path: string, message: string): void {
  const { status } = REQUEST_CODES[code];
  send(res, status, errorAnswer(ERROR_NAMES[status] ?? 'error', [{ code, path, message }]));
}

/** A bug in the validator: answered as 500 so the client sees it, logged so a developer does. */
function internalError(res: ServerResponse, error: unknown): void {
  process.stderr.write(`validator: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  if (!res.headersSent) send(res, 500, { error: 'internal_error', request_id: newRequestId() });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, json: string): void {
  const holdMs = HELD.get(res);
  if (holdMs !== undefined) {
    HELD.delete(res);
    setTimeout(() => sendText(res, status, json), holdMs);
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}
