using System.Globalization;
using DuckDB.NET.Data;
using MathNet.Numerics.LinearAlgebra;

namespace RiskOps.Features.Definitions;

/// <summary>
/// The additive POI fit behind <see cref="DemandViews.BayDemandExpected"/>, as a DuckDB scalar function. At one cell
/// (snapshot day, local day type, quarter-hour) the demand shape of a bay is modelled as base + Σ over its points of
/// interest of a per-POI bump — the way demand is built (a busy station adds its rush hours to whatever else is
/// there) — so every bay informs the shape of every POI set it shares a POI with, instead of only the 1–3 bays with the
/// very same set. Hand-written because no kept library solves a small least-squares system per group inside DuckDB and
/// SQL has no linear solve; the solve itself is MathNet's Cholesky. Registered on every feature-store connection
/// (<c>DuckDbSession</c>), so offline retrieval, materialization and tests all run the same code.
/// </summary>
internal static class DemandShapeFit
{
    /// <summary>
    /// SQL name: <c>riskops_poi_additive_shape(poi_sets VARCHAR[], flat DOUBLE[], bookings DOUBLE[], ridge DOUBLE) → VARCHAR</c>, the
    /// fitted shapes in input order as round-trip decimals separated by <c>;</c> (cast with
    /// <c>CAST(string_split(x, ';') AS DOUBLE[])</c>). Text, not a DOUBLE[]: DuckDB.NET 1.5.6's list results exhausted DuckDB's
    /// memory limit over the ~100,000 cells of the default world, where a VARCHAR result does not.
    /// </summary>
    public const string FunctionName = "riskops_poi_additive_shape";

    public static void Register(DuckDBConnection connection) =>
        connection.RegisterScalarFunction<List<string>, List<double>, List<double>, double, string>(FunctionName, (readers, writer, rows) =>
        {
            for (ulong row = 0; row < rows; row++)
            {
                if (!readers[0].IsValid(row) || !readers[1].IsValid(row) || !readers[2].IsValid(row) || !readers[3].IsValid(row))
                {
                    writer.WriteNull(row);
                    continue;
                }

                var fitted = Fit(readers[0].GetValue<List<string>>(row), readers[1].GetValue<List<double>>(row),
                    readers[2].GetValue<List<double>>(row), readers[3].GetValue<double>(row));
                if (fitted is null)
                {
                    writer.WriteNull(row);
                }
                else
                {
                    writer.WriteValue(string.Join(';', fitted.Select(v => v.ToString("R", CultureInfo.InvariantCulture))), row);
                }
            }
        });

    /// <summary>
    /// Fitted shape per group: the weighted least-squares fit of bookings ≈ flat × (base + Σ_k has_k × bump_k) over the
    /// groups (POI sets, <c>;</c>-separated tokens), weighted by 1 / flat (a Poisson count's variance is its mean, so the
    /// ratio bookings / flat has variance ∝ 1 / flat), with a ridge of <paramref name="ridge"/> pseudo-bookings pulling
    /// each bump towards 0 (a POI few bays hold borrows from the base). With one group this is bookings / flat, the
    /// plain pooled ratio. Fitted values are floored at 0: demand is never negative. Null when no group has a flat expectation.
    /// </summary>
    public static double[]? Fit(IReadOnlyList<string> poiSets, IReadOnlyList<double> flat, IReadOnlyList<double> bookings, double ridge)
    {
        if (poiSets.Count != flat.Count || poiSets.Count != bookings.Count)
        {
            throw new ArgumentException("poi_sets, flat and bookings must have the same length");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ridge);
        var split = poiSets.Select(set => (set ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

        // Column 0 is the base; the tokens seen get columns 1..K in ordinal order.
        var columns = split.SelectMany(t => t).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select((token, i) => (token, i)).ToDictionary(x => x.token, x => x.i + 1, StringComparer.Ordinal);
        var sets = split.Select(t => t.Select(token => columns[token]).Distinct().ToArray()).ToList();
        var p = columns.Count + 1;
        var a = Matrix<double>.Build.Dense(p, p);
        var r = Vector<double>.Build.Dense(p);
        for (var g = 0; g < poiSets.Count; g++)
        {
            var f = flat[g];
            if (!(f > 0))
            {
                continue;
            }

            int[] z = [0, .. sets[g]];
            foreach (var i in z)
            {
                r[i] += bookings[g];
                foreach (var j in z)
                {
                    a[i, j] += f;
                }
            }
        }

        for (var k = 1; k < p; k++)
        {
            a[k, k] += ridge;
        }

        if (!(a[0, 0] > 0))
        {
            return null;
        }

        var beta = a.Cholesky().Solve(r);
        var fitted = new double[poiSets.Count];
        for (var g = 0; g < poiSets.Count; g++)
        {
            fitted[g] = Math.Max(0, beta[0] + sets[g].Sum(k => beta[k]));
        }

        return fitted;
    }
}
