/**
 * The two seed hunts as DuckDB SQL, for the benchmark's reference runs. Each reads the tables already
 * limited to the hunt's window (the views `DeviceEvents_w` and `DeviceFileEvents_w`) and keeps KQL's
 * semantics where SQL's differ:
 * - KQL strings are never null: a missing value is '' (coalesce), and isnotempty(x) is x <> ''.
 * - `==` is case-sensitive; `!startswith` is not (lower() both sides).
 * - tostring(parse_json(AdditionalFields).ThreatName) is '' when the field is missing.
 * - parse_url(u).Host: the authority's host, without user info and port; '' when u is no URL.
 * - `join kind=inner` is SQL's inner join (unlike the default kind, innerunique, it keeps every
 *   left row); `kind=leftanti` is NOT EXISTS.
 * - makeset(x, 4) keeps up to 4 distinct values, any(x) and arg_max(Timestamp, *)'s other columns
 *   one arbitrary row: the benchmark compares only what KQL fixes (the findings' keys, row counts).
 * - dcount() is an estimate in Kusto, exact here and in the local engine at these sizes.
 */

const URL_HOST = `regexp_extract(FileOriginUrl, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]*)', 1)`;

export const DUCKDB_HUNTS: Record<string, string> = {
  'pivot-detections-to-downloads': `
    WITH detectedDownloads AS (
      SELECT * FROM (
        SELECT Timestamp, FileOriginUrl, FileName, coalesce(DeviceId, '') AS DeviceId,
               coalesce(json_extract_string(AdditionalFields, '$.ThreatName'), '') AS ThreatName
        FROM DeviceEvents_w
        WHERE ActionType = 'AntivirusDetection' AND coalesce(FileOriginUrl, '') <> ''
      )
      WHERE NOT starts_with(lower(ThreatName), 'pua')
        AND NOT starts_with(lower(ThreatName), 'softwarebundler:')
        AND FileOriginUrl <> 'about:internet'
    ),
    detectedDownloadsSummary AS (
      SELECT ${URL_HOST} AS Host, any_value(FileOriginUrl) AS DetectedUrl,
             list(DISTINCT FileName)[1:4] AS DetectedFiles, list(DISTINCT ThreatName)[1:4] AS ThreatNames
      FROM detectedDownloads GROUP BY 1
    ),
    downloads AS (
      SELECT coalesce(FileName, '') AS FileName, FileOriginUrl, coalesce(DeviceId, '') AS DeviceId, Timestamp,
             ${URL_HOST} AS Host, coalesce(SHA1, '') AS SHA1
      FROM DeviceFileEvents_w WHERE coalesce(FileOriginUrl, '') <> ''
    ),
    undetected AS (
      SELECT d.*, s.DetectedUrl, s.DetectedFiles, s.ThreatNames
      FROM downloads d JOIN detectedDownloadsSummary s ON d.Host = s.Host
      WHERE NOT EXISTS (SELECT 1 FROM detectedDownloads x WHERE x.DeviceId = d.DeviceId AND x.FileOriginUrl = d.FileOriginUrl)
    ),
    perHost AS (
      SELECT Host, count(DISTINCT DeviceId) AS MachineCount,
             arg_max({'DeviceId': DeviceId, 'FileName': FileName, 'DetectedFiles': DetectedFiles, 'FileOriginUrl': FileOriginUrl,
                      'DetectedUrl': DetectedUrl, 'ThreatNames': ThreatNames, 'Timestamp': Timestamp, 'SHA1': SHA1}, Timestamp) AS r
      FROM undetected GROUP BY Host
    )
    SELECT Host, MachineCount, r.DeviceId, r.FileName, r.DetectedFiles, r.FileOriginUrl, r.DetectedUrl, r.ThreatNames, r.Timestamp, r.SHA1
    FROM perHost WHERE MachineCount < 20
    ORDER BY MachineCount DESC`,

  'av-detections-with-source': `
    WITH avDetections AS (
      SELECT Timestamp, coalesce(DeviceName, '') AS DeviceName,
             coalesce(json_extract_string(AdditionalFields, '$.ThreatName'), '') AS ThreatName,
             coalesce(FileName, '') AS FileName, coalesce(FolderPath, '') AS FolderPath, MD5
      FROM DeviceEvents_w
      WHERE ActionType = 'AntivirusDetection' AND coalesce(MD5, '') <> ''
    ),
    fileCreations AS (
      SELECT MD5, coalesce(FileOriginUrl, '') AS FileOriginUrl, coalesce(FileOriginReferrerUrl, '') AS FileOriginReferrerUrl,
             coalesce(InitiatingProcessFileName, '') AS InitiatingProcessFileName,
             coalesce(InitiatingProcessParentFileName, '') AS InitiatingProcessParentFileName
      FROM DeviceFileEvents_w
      WHERE (coalesce(FileOriginReferrerUrl, '') <> '' OR coalesce(FileOriginUrl, '') <> '') AND coalesce(MD5, '') <> ''
    )
    SELECT a.Timestamp, a.DeviceName, a.ThreatName, a.FileName, a.FolderPath, a.MD5,
           f.FileOriginUrl, f.FileOriginReferrerUrl, f.InitiatingProcessFileName, f.InitiatingProcessParentFileName
    FROM avDetections a JOIN fileCreations f ON a.MD5 = f.MD5
    ORDER BY a.Timestamp DESC`,
};
