/**
 * Many calls as one: the calls made while one is under way wait, and go together in the next one (one
 * statement, one round trip, one commit for what a busy moment brings); a lone call does not wait.
 * `run` answers each item in its order. When a group fails, each of its items is tried alone, so that
 * only the one at fault fails.
 */
export function grouped<I, O>(run: (items: I[]) => Promise<O[]>, max = 500) {
  const waiting: { item: I; resolve: (o: O) => void; reject: (err: unknown) => void }[] = [];
  let busy = false;
  const alone = async ({ item, resolve, reject }: (typeof waiting)[number]) => {
    try {
      resolve((await run([item]))[0]);
    } catch (err) {
      reject(err);
    }
  };
  async function go() {
    busy = true;
    while (waiting.length > 0) {
      const group = waiting.splice(0, max);
      try {
        const out = await run(group.map((g) => g.item));
        group.forEach((g, i) => g.resolve(out[i]));
      } catch (err) {
        if (group.length === 1) group[0].reject(err);
        else await Promise.all(group.map(alone));
      }
    }
    busy = false;
  }
  return (item: I) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!busy) void go();
    });
}
