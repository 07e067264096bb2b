const ID_SEGMENT = /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24,})$/i;

/**
 * Endpoints already worked out, by method and path: a replay asks for every exchange, mostly about
 * the same few paths. Bounded: paths holding ids are as many as the exchanges, so past the bound
 * the cache starts again rather than grow with the capture.
 */
const known = new Map<string, string>();
const MAX_KNOWN = 4_096;

/** `POST /v1/orders/:id`: numeric, UUID and long hex segments become `:id` so one route is one endpoint. */
export function endpointOf(method: string, path: string): string {
  const key = `${method} ${path}`;
  let endpoint = known.get(key);
  if (endpoint === undefined) {
    endpoint = `${method.toUpperCase()} ${path.split('/').map((s) => (ID_SEGMENT.test(s) ? ':id' : s)).join('/')}`;
    if (known.size >= MAX_KNOWN) known.clear();
    known.set(key, endpoint);
  }
  return endpoint;
}
