namespace RiskOps.Features.Definitions;

/// <summary>A bay's static attributes that demand requests carry (from the gold <c>bays</c> and <c>cities</c> dimensions).</summary>
/// <param name="BayId">The parking bay id.</param>
/// <param name="UtcOffsetMinutes">Its city's UTC offset (fixed, as in docs/data-contract.md).</param>
/// <param name="Capacity">Spaces.</param>
/// <param name="Pois">Points of interest (<see cref="DemandTargets.Pois"/>).</param>
public sealed record DemandBay(string BayId, int UtcOffsetMinutes, double Capacity, IReadOnlySet<string> Pois)
{
    /// <summary>Parses the contract's <c>poi</c> field (values separated by <c>;</c>).</summary>
    public static IReadOnlySet<string> ParsePois(string? poi) =>
        (poi ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
}
