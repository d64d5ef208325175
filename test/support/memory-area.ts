/** A storage.local / storage.session stand-in: copies in and out like the real one, records each set, can fail one. */
export function memoryArea(initial: Record<string, unknown> = {}) {
  const data = new Map<string, unknown>(Object.entries(structuredClone(initial)));
  const sets: Array<Record<string, unknown>> = [];
  return {
    data,
    sets,
    /** How many of the next set() calls fail as a full storage would. */
    failNextSet: 0,
    /** The next set() that writes this key fails as a full storage would (once). */
    failNextSetWithKey: '',
    async get(keys: string | string[] | null) {
      const list = keys === null ? [...data.keys()] : Array.isArray(keys) ? keys : [keys];
      return Object.fromEntries(list.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))]));
    },
    async set(items: Record<string, unknown>) {
      if (this.failNextSet > 0) {
        this.failNextSet--;
        throw new Error('QUOTA_BYTES quota exceeded');
      }
      if (this.failNextSetWithKey !== '' && this.failNextSetWithKey in items) {
        this.failNextSetWithKey = '';
        throw new Error('QUOTA_BYTES quota exceeded');
      }
      sets.push(structuredClone(items));
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    async remove(keys: string | string[]) {
      for (const k of Array.isArray(keys) ? keys : [keys]) data.delete(k);
    },
  };
}
