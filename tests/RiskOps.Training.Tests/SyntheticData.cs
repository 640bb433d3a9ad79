using System.Globalization;
using System.Text;
using RiskOps.Core.Modeling;
using RiskOps.Training.Data;

namespace RiskOps.Training.Tests;

/// <summary>Small worlds with a known truth: rows generated from a stated model so tests can compare to it.</summary>
internal static class SyntheticData
{
    public static readonly string[] Regions = ["north", "south", "east", "west"];

    /// <summary>
    /// Binary: logit = −2 + 1.2·speeding − 0.8·age_z + 0.6·[region=south]; ~10% of speeding values
    /// missing. Rows are in time order, one per hour.
    /// </summary>
    public static TabularData Binary(int n, int seed)
    {
        var random = new Random(seed);
        var speeding = new double[n];
        var age = new double[n];
        var region = new string?[n];
        var y = new double[n];
        var truth = new double[n];
        var time = new long[n];
        var ids = new string?[n];
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        for (var i = 0; i < n; i++)
        {
            var s = Normal(random);
            var a = Normal(random);
            region[i] = Regions[random.Next(Regions.Length)];
            var logit = -2 + 1.2 * s - 0.8 * a + (region[i] == "south" ? 0.6 : 0);
            truth[i] = 1 / (1 + Math.Exp(-logit));
            y[i] = random.NextDouble() < truth[i] ? 1 : 0;
            speeding[i] = random.NextDouble() < 0.1 ? double.NaN : s;
            age[i] = 40 + 12 * a;
            time[i] = start + TimeSpan.TicksPerHour * i;
            ids[i] = $"C{i:D6}";
        }
        return new TabularData
        {
            Task = ModelTask.Binary,
            Target = y,
            Time = time,
            Ids = ids,
            Oracle = truth,
            Features = [new("speeding", FeatureKind.Numeric), new("age", FeatureKind.Numeric), new("region", FeatureKind.Categorical)],
            Numeric = new() { ["speeding"] = speeding, ["age"] = age },
            Categorical = new() { ["region"] = region },
            Groups = new() { ["region"] = region },
            ClassLabels = ["0", "1"],
        };
    }

    /// <summary>Counts: rate = exp(−1 + 0.5·x + 0.7·[region=east]) per unit exposure, exposure in (0.2, 2].</summary>
    public static TabularData Poisson(int n, int seed, out double[] trueRate)
    {
        var random = new Random(seed);
        var x = new double[n];
        var region = new string?[n];
        var exposure = new double[n];
        var y = new double[n];
        trueRate = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = Normal(random);
            region[i] = Regions[random.Next(Regions.Length)];
            exposure[i] = 0.2 + 1.8 * random.NextDouble();
            trueRate[i] = Math.Exp(-1 + 0.5 * x[i] + (region[i] == "east" ? 0.7 : 0));
            y[i] = SamplePoisson(random, trueRate[i] * exposure[i]);
        }
        return new TabularData
        {
            Task = ModelTask.PoissonWithExposure,
            Target = y,
            Exposure = exposure,
            Oracle = trueRate,
            Features = [new("x", FeatureKind.Numeric), new("region", FeatureKind.Categorical)],
            Numeric = new() { ["x"] = x },
            Categorical = new() { ["region"] = region },
        };
    }

    /// <summary>
    /// Counts in time order whose log-rate is linear in x and steps in z: rate = exp(−1 + 0.6·x + 0.9·[z > 0.5]), exposure 1.
    /// A GLM gets the slope and only approximates the step; a few shrunk trees get the step and only approximate the slope,
    /// so each learner has something the other lacks.
    /// </summary>
    public static TabularData LinearPlusStepPoisson(int n, int seed)
    {
        var random = new Random(seed);
        var x = new double[n];
        var z = new double[n];
        var y = new double[n];
        var rate = new double[n];
        var time = new long[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = Normal(random);
            z[i] = random.NextDouble();
            rate[i] = Math.Exp(-1 + 0.6 * x[i] + (z[i] > 0.5 ? 0.9 : 0));
            y[i] = SamplePoisson(random, rate[i]);
            time[i] = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(15 * i).Ticks;
        }
        return new TabularData
        {
            Task = ModelTask.PoissonWithExposure,
            Target = y,
            Exposure = [.. Enumerable.Repeat(1.0, n)],
            Time = time,
            Oracle = rate,
            Features = [new("x", FeatureKind.Numeric), new("z", FeatureKind.Numeric)],
            Numeric = new() { ["x"] = x, ["z"] = z },
        };
    }

    /// <summary>
    /// Sparse counts like bookings per bay per bucket: rate = 0.08·exp(0.8·x0) per row (exposure 1, mean ≈ 0.11),
    /// plus <paramref name="noise"/> numeric columns the rate does not depend on.
    /// </summary>
    public static TabularData SparsePoisson(int n, int noise, int seed, out double[] trueRate)
    {
        var random = new Random(seed);
        var columns = new double[noise + 1][];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = new double[n];
        }
        var y = new double[n];
        trueRate = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                columns[c][i] = Normal(random);
            }
            trueRate[i] = 0.08 * Math.Exp(0.8 * columns[0][i]);
            y[i] = SamplePoisson(random, trueRate[i]);
        }
        return new TabularData
        {
            Task = ModelTask.PoissonWithExposure,
            Target = y,
            Exposure = [.. Enumerable.Repeat(1.0, n)],
            Oracle = trueRate,
            Features = [.. Enumerable.Range(0, columns.Length).Select(c => new FeatureRef($"x{c}", FeatureKind.Numeric))],
            Numeric = Enumerable.Range(0, columns.Length).ToDictionary(c => $"x{c}", c => columns[c], StringComparer.Ordinal),
        };
    }

    /// <summary>Writes <paramref name="data"/> (binary world) as CSV with a time column, then the given extra raw lines.</summary>
    public static void WriteBinaryCsv(TabularData data, string path, params string[] extraLines)
    {
        var text = new StringBuilder("customer_id,observed_at,speeding,age,region,incident\n");
        for (var i = 0; i < data.RowCount; i++)
        {
            var s = data.Numeric["speeding"][i];
            text.Append(data.Ids![i]).Append(',')
                .Append(new DateTime(data.Time![i], DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(',')
                .Append(double.IsNaN(s) ? "" : s.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(data.Numeric["age"][i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(data.Categorical["region"][i]).Append(',')
                .Append(data.Target[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        foreach (var line in extraLines)
        {
            text.Append(line).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int SamplePoisson(Random random, double lambda)
    {
        var l = Math.Exp(-lambda);
        var k = 0;
        var p = 1.0;
        do
        {
            k++;
            p *= random.NextDouble();
        }
        while (p > l);
        return k - 1;
    }
}
