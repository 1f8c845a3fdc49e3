/**
 * The co-partition assignor of both clients (protocol `StreamlineCoPartitionAssigner`): partition
 * number `i` of every subscribed topic goes to the same member. A source topic and its retry tiers
 * have the same partition count and a retried record keeps its partition number, so the member
 * that parks a key on `orders/3` also reads `orders.<group>.retry.*\/3` and learns there when the
 * key may move again.
 *
 * It is sticky: each member sends the partition numbers it holds with its subscription (the
 * protocol's user data), and keeps them across a rebalance as far as a fair share allows; only
 * what a leaving member held, or what a joining member needs for its share, moves. The earlier
 * plan (`i mod members`, members sorted by their random ids) moved most partitions at every join
 * or leave, and what was running on a partition that moved was handled again by its new owner.
 */

/** A member's subscription user data: the partition numbers it holds, as JSON (the same bytes from both clients). */
export function encodeOwnedPartitions(numbers: Iterable<number>): Buffer {
  return Buffer.from(JSON.stringify({ owned: [...new Set(numbers)].sort((a, b) => a - b) }));
}

/** The numbers in a member's user data; none when it sent none (a member of an older release) or something else. */
export function decodeOwnedPartitions(userData: Buffer | string | null | undefined): number[] {
  if (!userData || userData.length === 0) return [];
  try {
    const owned = (JSON.parse(userData.toString()) as { owned?: unknown }).owned;
    return Array.isArray(owned) ? owned.filter((n): n is number => Number.isInteger(n) && n >= 0) : [];
  } catch {
    return [];
  }
}

/** The partition numbers of the current assignment (of any topic). */
export function ownedNumbersOf(assignment: { partitions: number[] }[]): number[] {
  return [...new Set(assignment.flatMap((a) => a.partitions))];
}

/**
 * Who gets each partition number in `0 … count-1`. Every member gets ⌊count/n⌋ or ⌈count/n⌉
 * numbers; the ones that held most keep the larger shares. A member keeps the numbers it held (a
 * number two members claim goes to the first by id) up to its share; the rest go, lowest first,
 * to the members below their share, in id order. The same input gives the same plan.
 */
export function coPartitionPlan(members: { id: string; owned: number[] }[], count: number): Map<number, string> {
  const byId = [...members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const claims = new Map<string, number[]>(byId.map((m) => [m.id, []]));
  const claimed = new Set<number>();
  for (const member of byId) {
    for (const n of [...new Set(member.owned)].sort((a, b) => a - b)) {
      if (n < count && !claimed.has(n)) {
        claimed.add(n);
        claims.get(member.id)!.push(n);
      }
    }
  }
  const n = byId.length;
  const plan = new Map<number, string>();
  if (n === 0) return plan;
  const base = Math.floor(count / n);
  const larger = count % n;
  const share = new Map<string, number>();
  [...byId].sort((a, b) => claims.get(b.id)!.length - claims.get(a.id)!.length).forEach((m, i) => share.set(m.id, base + (i < larger ? 1 : 0)));
  const held = new Map<string, number>(byId.map((m) => [m.id, 0]));
  for (const member of byId) {
    for (const number of claims.get(member.id)!.slice(0, share.get(member.id))) {
      plan.set(number, member.id);
      held.set(member.id, held.get(member.id)! + 1);
    }
  }
  let next = 0;
  for (const member of byId) {
    while (held.get(member.id)! < share.get(member.id)!) {
      while (plan.has(next)) next++;
      plan.set(next, member.id);
      held.set(member.id, held.get(member.id)! + 1);
    }
  }
  return plan;
}

/**
 * The assignment of a group: per member, per topic, the partitions. A topic goes only to the
 * members subscribed to it; when those are not all the members, its partitions are shared among
 * them `i mod n` (the plan covers the members of every topic).
 */
export function coPartitionAssignment(
  members: { id: string; owned: number[]; topics?: string[] }[],
  partitionCounts: Map<string, number>,
): Map<string, Map<string, number[]>> {
  const count = Math.max(0, ...partitionCounts.values());
  const plan = coPartitionPlan(members, count);
  const result = new Map(members.map((m) => [m.id, new Map<string, number[]>()]));
  const topicsOf = new Map(members.map((m) => [m.id, m.topics]));
  const sortedIds = [...topicsOf.keys()].sort();
  for (const topic of [...partitionCounts.keys()].sort()) {
    const eligible = sortedIds.filter((id) => topicsOf.get(id)?.includes(topic) ?? true);
    if (eligible.length === 0) continue;
    const everyone = eligible.length === sortedIds.length;
    for (let partition = 0; partition < partitionCounts.get(topic)!; partition++) {
      const owner = everyone ? plan.get(partition)! : eligible[partition % eligible.length];
      const topics = result.get(owner)!;
      const partitions = topics.get(topic);
      if (partitions) partitions.push(partition);
      else topics.set(topic, [partition]);
    }
  }
  return result;
}
