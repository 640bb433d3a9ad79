namespace RiskOps.Registry.Promotion;

/// <summary>The promotion gate's verdict: challenger against champion on the primary holdout metric.</summary>
/// <param name="Metric">The primary metric compared.</param>
/// <param name="HigherIsBetter">Its direction.</param>
/// <param name="ChampionVersion">The champion compared against, or null when there is none (first promotion passes).</param>
/// <param name="ChampionValue">The champion's value, if any.</param>
/// <param name="ChallengerValue">The challenger's value.</param>
/// <param name="Margin">Required improvement.</param>
/// <param name="Passed">Whether the challenger beats the champion by at least the margin.</param>
/// <param name="Explanation">One line saying why.</param>
public sealed record PromotionGate(
    string Metric,
    bool HigherIsBetter,
    int? ChampionVersion,
    double? ChampionValue,
    double ChallengerValue,
    double Margin,
    bool Passed,
    string Explanation);
