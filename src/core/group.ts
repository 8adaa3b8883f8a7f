// Grouping into lists kept in a Map: each value pushed onto its key's list, so grouping n values costs n steps
// (copying the list for every value, as `[...(map.get(key) ?? []), value]` does, cost n² for one large group: 0.46 s
// of an import's start for 30,000 photos).

/** Adds `value` to the end of `key`'s list in `groups`, starting the list when the key is new. */
export function pushTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const list = groups.get(key);
  if (list) list.push(value);
  else groups.set(key, [value]);
}
