namespace RiskOps.Simulator;

/// <summary>What a simulation run wrote.</summary>
/// <param name="RawRows">Rows written per raw source, defects included (a duplicate counts twice).</param>
/// <param name="Defects">Injected defects per kind (late, duplicate, malformed_*).</param>
/// <param name="Incidents">Incidents in the ground truth.</param>
/// <param name="FraudulentClaims">Claims that are fraudulent by construction.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
public sealed record SimulationSummary(
    IReadOnlyDictionary<string, long> RawRows,
    IReadOnlyDictionary<string, long> Defects,
    long Incidents,
    long FraudulentClaims,
    TimeSpan Elapsed)
{
    /// <summary>Telematics rows written (samples and flagged events).</summary>
    public long TelematicsEvents => RawRows.TryGetValue("telematics", out var n) ? n : 0;
}
