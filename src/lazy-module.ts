import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * A CommonJS package loaded the first time it is asked for, not at start: a process that never
 * needs it (a SQLite blog and pg; a blog that has sent no mail yet and nodemailer) never holds it.
 */
export function lazyModule<T>(name: string, init?: (loaded: T) => void): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      loaded = require(name) as T;
      init?.(loaded);
    }
    return loaded;
  };
}
