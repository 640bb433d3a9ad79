using RiskOps.Api.Seams;
using RiskOps.Core.Modeling;

namespace RiskOps.Api.Models;

/// <summary>A request's hold on one model version; dispose it when the request is done with the model.</summary>
internal readonly struct ModelLease(LoadedModel model, string variant) : IDisposable
{
    public ModelVersionInfo Version => model.Version;

    public IPredictor Predictor => model.Predictor;

    /// <summary><c>champion</c>, or <c>challenger:&lt;experiment&gt;</c> for an A/B challenger.</summary>
    public string Variant { get; } = variant;

    public void Dispose() => model.Release();
}
