import fs from "node:fs";
import { once } from "node:events";

/**
 * Writes `file` through `fill`, which gets a writer that waits when the disk is behind. The text goes
 * to `file.partial` and is renamed only once whole, so a failed export never leaves a file that
 * looks complete; on failure the partial file is removed.
 */
export async function writeWholeFile<T>(file: string, fill: (write: (text: string) => Promise<void>) => Promise<T>): Promise<T> {
  const partial = `${file}.partial`;
  const out = fs.createWriteStream(partial, { encoding: "utf8" });
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  try {
    const result = await fill(write);
    out.end();
    await once(out, "finish");
    fs.renameSync(partial, file);
    return result;
  } catch (err) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw err;
  }
}
