using System.Runtime.CompilerServices;
using RiskOps.Core.Modeling;

namespace RiskOps.Api.Models;

/// <summary>One <see cref="FeatureLayout"/> per loaded predictor, dropped with the predictor.</summary>
internal sealed class LayoutCache
{
    private readonly ConditionalWeakTable<IPredictor, FeatureLayout> _layouts = [];

    public FeatureLayout For(IPredictor predictor) =>
        _layouts.GetValue(predictor, p => new FeatureLayout(p.Manifest.Signature.Inputs));
}
