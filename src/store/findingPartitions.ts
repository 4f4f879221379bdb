/**
 * Where a hunt's findings live in the findings table. Every reader and writer of finding entities asks
 * here, so the layout is decided in one place.
 */
import { odata } from '@azure/data-tables';

/** The PartitionKey of one finding's entity. */
export function findingPartition(huntId: string, _findingId: string): string {
  return huntId;
}

/** Every PartitionKey that may hold this hunt's findings, for queries that read them all. */
export function huntFindingPartitions(huntId: string): string[] {
  return [huntId];
}

/** An OData filter matching one of the hunt's finding partitions. */
export function partitionFilter(partition: string): string {
  return odata`PartitionKey eq ${partition}`;
}
