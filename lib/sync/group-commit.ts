/**
 * Group commit: items submitted while a write is in flight are written together by the next one.
 * The first item of a quiet moment is written at once (no timer, no added wait); under load, each
 * statement carries everything that arrived during the previous one, so a burst of inbound
 * requests costs a few statements instead of one each.
 *
 * `write` answers each item in order. When a batch of several fails as a whole, each item is
 * written again alone, in arrival order, so one bad item (or tenant) fails only its own request.
 */
export class GroupCommit<Item, Result> {
  private pending: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;

  constructor(
    private readonly write: (items: Item[]) => Promise<Result[]>,
    private readonly maxBatch = 200,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.maxBatch);
        try {
          const results = await this.write(batch.map((entry) => entry.item));
          for (const [index, entry] of batch.entries()) entry.resolve(results[index] as Result);
        } catch (error) {
          if (batch.length === 1) (batch[0] as (typeof batch)[number]).reject(error);
          // One after another, in arrival order: of two repeats, the first is the one stored.
          else for (const entry of batch) await this.writeAlone(entry);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async writeAlone(entry: (typeof this.pending)[number]): Promise<void> {
    try {
      const [result] = await this.write([entry.item]);
      entry.resolve(result as Result);
    } catch (error) {
      entry.reject(error);
    }
  }
}
