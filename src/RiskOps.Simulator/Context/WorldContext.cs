namespace RiskOps.Simulator.Context;

/// <summary>
/// Hourly weather and traffic per city (indexed by local hour since the first simulated midnight) and the
/// public events. Small at any scale (cities × hours), so it is held in memory and shared read-only.
/// </summary>
internal sealed class WorldContext
{
    public WorldContext(int cities, int hours)
    {
        Hours = hours;
        RainMm = new double[cities][];
        TemperatureC = new double[cities][];
        VisibilityM = new double[cities][];
        Congestion = new double[cities][][];
        for (var c = 0; c < cities; c++)
        {
            RainMm[c] = new double[hours];
            TemperatureC[c] = new double[hours];
            VisibilityM[c] = new double[hours];
            Congestion[c] = [new double[hours], new double[hours], new double[hours]];
        }
    }

    public int Hours { get; }
    public double[][] RainMm { get; }
    public double[][] TemperatureC { get; }
    public double[][] VisibilityM { get; }

    /// <summary>[city][road type][hour], 0–1.</summary>
    public double[][][] Congestion { get; }

    public List<PublicEvent> Events { get; } = [];

    public int ClampHour(long hour) => (int)Math.Clamp(hour, 0, Hours - 1);

    public bool IsRaining(int city, long hour) => RainMm[city][ClampHour(hour)] >= 0.1;
}
