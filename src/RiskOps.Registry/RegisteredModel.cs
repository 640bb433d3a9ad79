namespace RiskOps.Registry;

/// <summary>Summary of one registered model.</summary>
/// <param name="Name">Model name.</param>
/// <param name="VersionCount">Number of registered versions.</param>
/// <param name="LatestVersion">Highest version number.</param>
/// <param name="ProductionVersion">The Production version, if any.</param>
/// <param name="Aliases">Alias → version.</param>
/// <param name="Generation">Change-feed generation of the model's Production pointer (see <see cref="ProductionModel.Generation"/>).</param>
public sealed record RegisteredModel(
    string Name,
    int VersionCount,
    int LatestVersion,
    int? ProductionVersion,
    IReadOnlyDictionary<string, int> Aliases,
    long Generation);
