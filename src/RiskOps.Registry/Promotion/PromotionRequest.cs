namespace RiskOps.Registry.Promotion;

/// <summary>A request to make a version the model's Production version and champion.</summary>
/// <param name="Force">Promote even if the gate refuses; requires a <paramref name="Reason"/> and is recorded in the audit log.</param>
/// <param name="Reason">Why; required when forcing.</param>
/// <param name="Actor">Who; default <see cref="Environment.UserName"/>.</param>
/// <param name="Margin">Overrides <see cref="RegistryOptions.PromotionMargin"/> for this promotion.</param>
public sealed record PromotionRequest(bool Force = false, string? Reason = null, string? Actor = null, double? Margin = null);
