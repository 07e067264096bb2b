import type { Dispatcher } from 'undici';

/**
 * POSTs a service's reset endpoint (the validator's /admin/reset) and resolves to the status it
 * answered; throws what the transport threw. Replay's live sides and the bench's share it.
 */
export async function postReset(dispatcher: Dispatcher, path: string, options: { readonly headers?: readonly string[]; readonly timeoutMs: number }): Promise<number> {
  const response = await dispatcher.request({ method: 'POST', path, headers: [...(options.headers ?? [])], signal: AbortSignal.timeout(options.timeoutMs) });
  await response.body.dump();
  return response.statusCode;
}
