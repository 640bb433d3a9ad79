using RiskOps.Registry.Promotion;

namespace RiskOps.Registry.Errors;

/// <summary>The promotion gate refused a challenger; <see cref="Gate"/> says by how much it fell short.</summary>
public sealed class PromotionRefusedException : RegistryException
{
    public PromotionRefusedException(PromotionGate gate) : base(gate.Explanation) => Gate = gate;

    /// <summary>The gate's verdict.</summary>
    public PromotionGate Gate { get; }
}
