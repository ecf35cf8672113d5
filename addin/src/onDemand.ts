// Modules of the pane loaded on first use (tabs, print forms, 提交更改, MSAL): fetched again after a failure. A
// browser remembers a failed dynamic import for the page's lifetime (Chromium answers the same URL with the same
// failure without asking the network again), so once the network is back a plain retry would still fail until the
// pane is reopened. The next try therefore imports the script the error names under a new query (?retry=1, …): a URL
// the browser has not seen. Chromium and Firefox name the script; where the error does not (Safari), the same
// import is simply tried again.

/** The script a failed dynamic import names, without its query, or null when the error does not say. */
export function failedScriptUrl(error: unknown): string | null {
  const message = error instanceof Error ? error.message : String(error);
  return /(https?:\/\/[^\s'"?#]+?\.(?:m?js|jsx|tsx?))(?=[?#\s'"]|$)/.exec(message)?.[1] ?? null;
}

/** How a script is imported by URL; tests replace it. */
export type ImportUrl = (url: string) => Promise<unknown>;

const importByUrl: ImportUrl = (url) => import(/* @vite-ignore */ url);

/**
 * `load` (a dynamic import) made retryable: the answer is a function that imports the module once and answers the
 * same module after; after a failure its next call tries again, by a fresh URL when the error named the script.
 */
export function onDemand<M>(load: () => Promise<M>, importUrl: ImportUrl = importByUrl): () => Promise<M> {
  let pending: Promise<M> | null = null;
  let failedUrl: string | null = null;
  let retries = 0;
  return () => {
    pending ??= (
      failedUrl === null ? load() : (importUrl(`${failedUrl}?retry=${++retries}`) as Promise<M>)
    ).catch((error: unknown) => {
      pending = null;
      failedUrl = failedScriptUrl(error) ?? failedUrl;
      throw error;
    });
    return pending;
  };
}
