namespace RiskOps.Features.Registry;

/// <summary>Progress of an unfinished materialization of one view: entities up to <paramref name="LastKey"/> are online.</summary>
internal sealed record MaterializationCheckpoint(string LastKey, DateTimeOffset End, long RowsWritten);
