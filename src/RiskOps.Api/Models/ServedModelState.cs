namespace RiskOps.Api.Models;

/// <summary>What <c>GET /api/v1/models/current</c> reports for one model slot.</summary>
public sealed record ServedModelState(
    string Model,
    string Variant,
    int? Version,
    string? Trainer,
    string? PrimaryMetric,
    double? PrimaryMetricValue,
    DateTimeOffset? LoadedAt,
    int? FailedVersion,
    string? LastError,
    double? Share = null)
{
    internal static ServedModelState From(string model, string variant, ModelSlot? slot)
    {
        var current = slot?.Current;
        var manifest = current?.Predictor.Manifest;
        double? metric = manifest is not null && manifest.Metrics.TryGetValue(manifest.PrimaryMetric, out var value) ? value : null;
        return new ServedModelState(model, variant, current?.Version.Version, manifest?.Trainer, manifest?.PrimaryMetric, metric,
            current?.LoadedAt, slot?.FailedVersion, slot?.LastError);
    }
}
