using RiskOps.Core.Modeling;

namespace RiskOps.Api.Risk;

/// <summary>One contributing factor: the feature, its value and its contribution (model link space, e.g. log-odds).</summary>
public sealed record Factor(string Feature, object? Value, double Contribution)
{
    internal static IReadOnlyList<Factor> From(IReadOnlyList<FeatureContribution> contributions)
    {
        var factors = new Factor[contributions.Count];
        for (var i = 0; i < factors.Length; i++)
        {
            var c = contributions[i];
            var value = c.Value is double d && !double.IsFinite(d) ? null : c.Value is float f && !float.IsFinite(f) ? null : c.Value;
            factors[i] = new Factor(c.Feature, value, double.IsFinite(c.Contribution) ? c.Contribution : 0);
        }

        return factors;
    }
}
