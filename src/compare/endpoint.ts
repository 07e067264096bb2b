const ID_SEGMENT = /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24,})$/i;

/** `POST /v1/orders/:id`: numeric, UUID and long hex segments become `:id` so one route is one endpoint. */
export function endpointOf(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.split('/').map((s) => (ID_SEGMENT.test(s) ? ':id' : s)).join('/')}`;
}
