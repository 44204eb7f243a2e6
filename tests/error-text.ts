/**
 * For unit tests of functions that raise SqlErrors: `errorText(f)` runs `f` and returns
 * `"<SQLSTATE> <message>"` of what it threw, or `"no error"` when it returned.
 */
export function errorText(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return `${(e as { code: string }).code} ${(e as Error).message}`;
  }
  return 'no error';
}
