import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildConnector } from 'undici';
import { ParityError } from '../core/errors.js';

/** How the recorder trusts an https:// upstream. */
export interface UpstreamTlsOptions {
  /** A PEM file of the authorities that may sign the upstream's certificate, instead of Node's bundled ones (like curl's --cacert). */
  readonly ca?: string | undefined;
  /** Skip certificate verification altogether. */
  readonly insecure?: boolean | undefined;
}

export const INSECURE_WARNING =
  '\n  WARNING: --insecure: the upstream\'s TLS certificate is NOT verified. Anyone on the path to the\n' +
  '  target can read and change the traffic being recorded. Use --ca FILE to trust a private CA instead.\n\n';

const CA_HINT = "--ca takes a PEM file of the certificate authority that signed the target's certificate (`openssl s_client -showcerts -connect HOST:PORT` prints the chain)";

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The file's PEM certificates, each checked to parse, so a wrong file fails at start rather than as a 502 on every request. */
export function readCaFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ParityError('CA_INVALID', `cannot read the CA file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { hint: CA_HINT, cause: error });
  }
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new ParityError('CA_INVALID', `the CA file ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`, { hint: CA_HINT });
  blocks.forEach((block, i) => {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new ParityError('CA_INVALID', `certificate ${i + 1} in the CA file ${file} cannot be parsed: ${(error as Error).message}`, { hint: CA_HINT, cause: error });
    }
  });
  return blocks.join('\n');
}

/**
 * Connects to a TLS upstream, naming and checking it by the target's host. undici would otherwise
 * take the server name from the request's Host header, which the proxy keeps as the client sent it
 * (the proxy's own address): SNI and the certificate check would be about the wrong host.
 */
export function targetNamedConnector(options: UpstreamTlsOptions): buildConnector.connector {
  const connect = buildConnector({
    ...(options.ca !== undefined ? { ca: readCaFile(options.ca) } : {}),
    ...(options.insecure ? { rejectUnauthorized: false } : {}),
  });
  // With no servername, undici derives it from the target's host (none for an IP: the certificate
  // is then checked against the IP, as Node does).
  return ({ servername: _fromHostHeader, ...target }, callback) => connect(target, callback);
}
