/**
 * One controller that aborts when any of the given signals does, and can be aborted on its own: a
 * request's downloads stop when the client leaves, and when one of them fails. (AbortSignal.any is
 * not on every runtime the proxy serves.)
 */
export function linkedAbortController(...signals: ReadonlyArray<AbortSignal | undefined>): AbortController {
  const controller = new AbortController();
  for (const signal of signals) {
    if (!signal) continue;
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true, signal: controller.signal });
  }
  return controller;
}
