/**
 * Where a hunt's findings live in the findings table. Every reader and writer of finding entities asks
 * here, so the layout is decided in one place.
 *
 * A hunt's findings are spread over FINDING_SHARDS partitions, `<hunt id>~<hex digit>`, the digit taken
 * from the finding id (a SHA-256). One partition per hunt made every write slower as the hunt's history
 * grew (Azurite looks an entity up within its partition; Azure serves a partition from one server, about
 * 2,000 entities a second), and a run with thousands of new findings writes each of them three times.
 * Versions before this kept them in one partition named after the hunt: see legacyFindings.ts.
 */
import { createHash } from 'node:crypto';
import { odata } from '@azure/data-tables';

export const FINDING_SHARDS = 16;
const SEPARATOR = '~';
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The PartitionKey of one finding's entity. */
export function findingPartition(huntId: string, findingId: string): string {
  const hex = SHA256_HEX.test(findingId) ? findingId : createHash('sha256').update(findingId).digest('hex');
  return `${huntId}${SEPARATOR}${hex[0]}`;
}

/**
 * One range query over all of a hunt's partitions: Table Storage serves a PartitionKey range as a scan
 * of just those partitions, where an `or` of equalities would scan the table. The range may also take in
 * partitions of a hunt whose id is this one's followed by `~`: check results with `isHuntFindingPartition`.
 */
export function huntFindingsFilter(huntId: string): string {
  return odata`PartitionKey gt ${huntId + SEPARATOR} and PartitionKey lt ${huntId + SEPARATOR + SEPARATOR}`;
}

export function isHuntFindingPartition(huntId: string, partitionKey: string | undefined): boolean {
  return (
    partitionKey !== undefined &&
    partitionKey.length === huntId.length + 2 &&
    partitionKey.startsWith(huntId + SEPARATOR) &&
    /[0-9a-f]$/.test(partitionKey)
  );
}

/** An OData filter matching one partition. */
export function partitionFilter(partition: string): string {
  return odata`PartitionKey eq ${partition}`;
}

/** Where versions before the sharded layout kept all of a hunt's findings. */
export function legacyFindingPartition(huntId: string): string {
  return huntId;
}

/** The layout a store writes and reads; the one-partition layout stays for the bench's "before" rows. */
export interface FindingLayout {
  partition(huntId: string, findingId: string): string;
  /** A filter for every finding of the hunt (may match more: check with `holds`). */
  filter(huntId: string): string;
  holds(huntId: string, partitionKey: string | undefined): boolean;
  /** Moves findings from the legacy partition before reading (false where that is the layout itself). */
  movesLegacy: boolean;
}

export const SHARDED_LAYOUT: FindingLayout = {
  partition: findingPartition,
  filter: huntFindingsFilter,
  holds: isHuntFindingPartition,
  movesLegacy: true,
};

export const ONE_PARTITION_LAYOUT: FindingLayout = {
  partition: (huntId) => legacyFindingPartition(huntId),
  filter: (huntId) => partitionFilter(legacyFindingPartition(huntId)),
  holds: (huntId, partitionKey) => partitionKey === legacyFindingPartition(huntId),
  movesLegacy: false,
};
