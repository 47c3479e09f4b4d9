import type { Thread } from "./thread.js";

export interface ThreadStore {
  findThread(id: number): Promise<Thread | undefined>;
}
