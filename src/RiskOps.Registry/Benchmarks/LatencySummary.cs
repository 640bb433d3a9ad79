namespace RiskOps.Registry.Benchmarks;

/// <summary>Latency percentiles of one operation, in milliseconds, and its throughput.</summary>
public sealed record LatencySummary(int Count, double P50, double P95, double Max, double PerSecond)
{
    public static LatencySummary From(IReadOnlyList<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new LatencySummary(sorted.Length, At(0.50), At(0.95), sorted[^1], sorted.Length / (sorted.Sum() / 1000.0));
    }
}
