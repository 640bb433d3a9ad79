namespace RiskOps.Registry.Promotion;

/// <summary>The outcome of a promotion or a rollback.</summary>
/// <param name="Production">The version now in Production (and aliased <c>champion</c>).</param>
/// <param name="PreviousProduction">The version that was in Production before, now Archived; null if none.</param>
/// <param name="Forced">Whether the gate was overridden.</param>
/// <param name="Gate">The gate's verdict; null for a rollback.</param>
public sealed record PromotionResult(ModelVersion Production, int? PreviousProduction, bool Forced, PromotionGate? Gate);
