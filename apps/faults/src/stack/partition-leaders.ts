import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Leader broker id of each partition of `topic`, from the cluster's metadata as kcat reads it. */
export async function partitionLeaders(bootstrap: string, topic: string): Promise<Map<number, number>> {
  const { stdout } = await exec('kcat', ['-L', '-J', '-b', bootstrap, '-t', topic], { timeout: 30_000 });
  const metadata = JSON.parse(stdout) as { topics: Array<{ topic: string; partitions: Array<{ partition: number; leader: number }> }> };
  const partitions = metadata.topics.find((t) => t.topic === topic)?.partitions ?? [];
  return new Map(partitions.map((p) => [p.partition, p.leader]));
}

/** The broker leading most partitions of `topic` (the one whose loss hurts most). */
export async function busiestLeader(bootstrap: string, topic: string): Promise<number> {
  const counts = new Map<number, number>();
  for (const leader of (await partitionLeaders(bootstrap, topic)).values()) if (leader >= 0) counts.set(leader, (counts.get(leader) ?? 0) + 1);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  if (!best) throw new Error(`${topic} has no partition with a leader`);
  return best[0];
}
