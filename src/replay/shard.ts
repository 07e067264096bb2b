/** Which of `count` shards (1-based) a partition belongs to: stable, so every shard agrees. */
export function shardOf(partition: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < partition.length; i++) hash = Math.imul(hash ^ partition.charCodeAt(i), 0x01000193);
  return ((hash >>> 0) % count) + 1;
}
