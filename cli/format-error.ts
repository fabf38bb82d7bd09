// How an error reads on a terminal. Errors that know how to render themselves (spec errors with a
// source excerpt and caret) provide `render()`; others print their message and the cause chain.
export function formatError(err: unknown): string {
  if (err && typeof err === 'object' && 'render' in err && typeof (err as { render: unknown }).render === 'function') {
    return (err as { render: () => string }).render();
  }
  if (!(err instanceof Error)) return `berth: ${String(err)}`;
  let out = `berth: ${err.message}`;
  let cause: unknown = err.cause;
  for (let depth = 0; cause instanceof Error && depth < 5; depth++) {
    if (!out.includes(cause.message)) out += `\n  caused by: ${cause.message}`;
    cause = cause.cause;
  }
  return out;
}
