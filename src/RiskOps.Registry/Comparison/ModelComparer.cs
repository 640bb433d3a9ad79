namespace RiskOps.Registry.Comparison;

/// <summary>Builds a <see cref="ModelComparison"/> from two versions' manifests.</summary>
internal static class ModelComparer
{
    public static ModelComparison Compare(ModelVersion left, ModelVersion right)
    {
        var l = left.Manifest;
        var r = right.Manifest;
        var metrics = l.Metrics.Keys.Union(r.Metrics.Keys).Order(StringComparer.Ordinal).Select(name =>
        {
            double? a = l.Metrics.TryGetValue(name, out var x) ? x : null;
            double? b = r.Metrics.TryGetValue(name, out var y) ? y : null;
            return new MetricComparison(name, a, b, a is not null && b is not null ? b - a : null);
        }).ToList();
        var parameters = l.Parameters.Keys.Union(r.Parameters.Keys).Order(StringComparer.Ordinal)
            .Select(name => new ParameterDifference(name, l.Parameters.GetValueOrDefault(name), r.Parameters.GetValueOrDefault(name)))
            .Where(d => !string.Equals(d.Left, d.Right, StringComparison.Ordinal))
            .ToList();
        var leftInputs = l.Signature.Inputs.ToDictionary(i => i.Name, i => i.Kind, StringComparer.Ordinal);
        var rightInputs = r.Signature.Inputs.ToDictionary(i => i.Name, i => i.Kind, StringComparer.Ordinal);
        var signature = new SignatureDifference(
            rightInputs.Keys.Except(leftInputs.Keys).Order(StringComparer.Ordinal).ToList(),
            leftInputs.Keys.Except(rightInputs.Keys).Order(StringComparer.Ordinal).ToList(),
            leftInputs.Where(p => rightInputs.TryGetValue(p.Key, out var kind) && kind != p.Value)
                .Select(p => $"{p.Key}: {p.Value} → {rightInputs[p.Key]}").Order(StringComparer.Ordinal).ToList(),
            l.Signature.Task,
            r.Signature.Task,
            FeatureService(l.Signature),
            FeatureService(r.Signature));
        return new ModelComparison(left, right, metrics, parameters, signature);
    }

    private static string? FeatureService(RiskOps.Core.Modeling.ModelSignature signature) =>
        signature.FeatureService is null ? null : $"{signature.FeatureService}@{signature.FeatureServiceVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";
}
