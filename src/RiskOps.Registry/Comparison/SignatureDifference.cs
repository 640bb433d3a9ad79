using RiskOps.Core.Modeling;

namespace RiskOps.Registry.Comparison;

/// <summary>How two versions' input signatures differ.</summary>
/// <param name="AddedInputs">Inputs only the second version consumes.</param>
/// <param name="RemovedInputs">Inputs only the first version consumes.</param>
/// <param name="KindChanges">Inputs present in both with a different encoding, as "name: Numeric → Categorical".</param>
/// <param name="LeftTask">Task of the first version.</param>
/// <param name="RightTask">Task of the second version.</param>
/// <param name="LeftFeatureService">Feature service and version of the first, e.g. "crai_driver@3".</param>
/// <param name="RightFeatureService">Feature service and version of the second.</param>
public sealed record SignatureDifference(
    IReadOnlyList<string> AddedInputs,
    IReadOnlyList<string> RemovedInputs,
    IReadOnlyList<string> KindChanges,
    ModelTask LeftTask,
    ModelTask RightTask,
    string? LeftFeatureService,
    string? RightFeatureService)
{
    /// <summary>True when a serving path built for one version can feed the other unchanged.</summary>
    public bool IsCompatible =>
        AddedInputs.Count == 0 && RemovedInputs.Count == 0 && KindChanges.Count == 0 && LeftTask == RightTask &&
        string.Equals(LeftFeatureService, RightFeatureService, StringComparison.Ordinal);
}
