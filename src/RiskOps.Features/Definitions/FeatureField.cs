using RiskOps.Core.Modeling;

namespace RiskOps.Features.Definitions;

/// <summary>
/// One typed feature column of a view. <see cref="FeatureKind.Numeric"/> is served as a DOUBLE
/// (integers and booleans are widened), <see cref="FeatureKind.Categorical"/> as a VARCHAR.
/// </summary>
/// <param name="Name">Column name in the view's source, and the name the feature is served under.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="Description">What the value means, for <c>riskops features show</c>.</param>
public sealed record FeatureField(string Name, FeatureKind Kind, string? Description = null)
{
    /// <summary>A numeric field.</summary>
    public static FeatureField Num(string name, string? description = null) => new(name, FeatureKind.Numeric, description);

    /// <summary>A categorical field.</summary>
    public static FeatureField Cat(string name, string? description = null) => new(name, FeatureKind.Categorical, description);
}
