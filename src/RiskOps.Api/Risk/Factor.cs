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
            factors[i] = new Factor(c.Feature, Shown(c.Value), Shown(c.Contribution));
        }

        return factors;
    }

    /// <summary>A factor value as the API shows it: non-finite numbers are null.</summary>
    internal static object? Shown(object? value) =>
        value is double d && !double.IsFinite(d) ? null : value is float f && !float.IsFinite(f) ? null : value;

    /// <summary>A contribution as the API shows it: a non-finite one is 0.</summary>
    internal static double Shown(double contribution) => double.IsFinite(contribution) ? contribution : 0;
}
