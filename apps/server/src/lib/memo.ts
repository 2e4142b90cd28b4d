/**
 * Values read from rarely changing records (settings, statuses, units, who a token or session belongs
 * to) that the process keeps between requests, shared by a database and its transactions. The services
 * that change those records empty it where they write (`changingMemo`); the time limit bounds how long
 * a change made by another server process goes unseen.
 */
export class Memo {
  private readonly entries = new Map<string, { value: Promise<unknown>; until: number }>();

  constructor(private readonly ttlMs = 1000) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    const value = load();
    const entry = { value, until: now + this.ttlMs };
    this.entries.set(key, entry);
    // A failed read is not kept: the next caller tries again (unless a newer read took its place).
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
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
