/**
 * Work done in rounds, one at a time, where a caller must be covered by a round that starts after
 * it asked: a write made during a running round may have missed that round's read. A call while
 * nothing runs starts a round; a call during a round gets the next one, which starts when the
 * running one ends and is shared by every caller who arrived meanwhile. (Sharing the running round
 * instead loses the work of whoever arrived after its read until something else starts a round.)
 */
export class Rounds<T> {
  private running: Promise<T> | undefined;
  private next: Promise<T> | undefined;

  constructor(private readonly round: () => Promise<T>) {}

  /** Resolves with the outcome of a round that started after this call. */
  run(): Promise<T> {
    if (!this.running) return this.start();
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.start();
      });
    return this.next;
  }

  /** Settles once no round is running or queued (whatever their outcome). */
  async idle(): Promise<void> {
    while (this.running || this.next) await (this.next ?? this.running)?.catch(() => undefined);
  }

  private start(): Promise<T> {
    const round = this.round().finally(() => {
      if (this.running === round) this.running = undefined;
    });
    this.running = round;
    return round;
  }
}
