/**
 * Values read from rarely changing records (settings, statuses, units, who a token or session belongs
 * to) that the process keeps between requests, shared by a database and its transactions. The services
 * that change those records empty it where they write (`changingMemo`); the time limit bounds how long
 * a change made by another server process goes unseen.
 */
interface Entry {
  value: Promise<unknown>;
  until: number;
  settled: boolean;
}

export class Memo {
  constructor(
    private readonly ttlMs = 1000,
    private readonly entries = new Map<string, Entry>(),
    private readonly settledOnly = false,
  ) {}

  /**
   * The same memo as a transaction on the embedded database's one connection must see it: a read still
   * under way was started outside the transaction and waits for the connection the transaction holds,
   * so waiting for it would never end. The transaction reads for itself then, and uses only finished
   * values (and empties the same entries when it writes).
   */
  inTransaction(): Memo {
    return new Memo(this.ttlMs, this.entries, true);
  }

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) {
      if (!this.settledOnly || hit.settled) return hit.value as Promise<T>;
      return load();
    }
    const value = load();
    const entry: Entry = { value, until: now + this.ttlMs, settled: false };
    this.entries.set(key, entry);
    // A failed read is not kept: the next caller tries again (unless a newer read took its place).
    value.then(
      () => {
        entry.settled = true;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return value;
  }

  clear() {
    this.entries.clear();
  }
}

/**
 * Runs a change of what the memo holds (settings, statuses, users, units, tokens, sessions) and empties
 * the memo once it is done, committed or not, so that the next request reads the change. The services
 * that make these changes call it; nothing else has to remember.
 */
export async function changingMemo<T>(memo: Memo, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } finally {
    memo.clear();
  }
}

/** A transaction of `db` that changes what the memo holds: the memo is emptied when it ends. */
export const memoTransaction =
  <Q>(db: { memo: Memo; transaction<T>(work: (tx: Q) => Promise<T>): Promise<T> }) =>
  <T>(work: (tx: Q) => Promise<T>) =>
    changingMemo(db.memo, () => db.transaction(work));
