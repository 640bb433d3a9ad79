using System.Globalization;
using DuckDB.NET.Data;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Features.Definitions;
using RiskOps.Features.Offline;

namespace RiskOps.Features.Statistics;

/// <summary>Computes a view's statistics in DuckDB over the population servable at an instant.</summary>
internal static class StatisticsCalculator
{
    private const string Population = "__stats_population";

    public static async Task<FeatureViewStatistics> ComputeAsync(DuckDBConnection duck, DataLayout layout, FeatureView view, DateTimeOffset asOf,
        DateTimeOffset computedAt, int bins, CancellationToken cancellationToken)
    {
        await DuckDbSession.ExecuteAsync(duck, $"""
            CREATE OR REPLACE TEMP TABLE {Population} AS
            {SourceSql.LatestPerKey(layout, view,
                $"{SourceSql.EventTs} < {SourceSql.TimestampLiteral(asOf)} AND {SourceSql.EventTs} >= {SourceSql.TimestampLiteral(asOf)} - {SourceSql.IntervalLiteral(view.Ttl)}")}
            """, cancellationToken);
        var rows = await DuckDbSession.CountAsync(duck, $"SELECT count(*) FROM {Population}", cancellationToken);
        var features = new List<FeatureStatistics>();
        foreach (var field in view.Schema)
        {
            features.Add(field.Kind == FeatureKind.Numeric
                ? await NumericAsync(duck, field.Name, bins, cancellationToken)
                : await CategoricalAsync(duck, field.Name, cancellationToken));
        }
        await DuckDbSession.ExecuteAsync(duck, $"DROP TABLE {Population}", cancellationToken);
        return new FeatureViewStatistics(view.Name, computedAt, asOf, rows, features);
    }

    private static async Task<FeatureStatistics> NumericAsync(DuckDBConnection duck, string name, int bins, CancellationToken cancellationToken)
    {
        var c = SourceSql.Quote(name);
        var finite = $"{c} IS NOT NULL AND isfinite({c})";
        var summary = new double?[9];
        await using (var command = duck.CreateCommand())
        {
            command.CommandText = $"""
                SELECT count(*) FILTER ({finite}), count(*) - count(*) FILTER ({finite}),
                       avg({c}) FILTER ({finite}), stddev_samp({c}) FILTER ({finite}), min({c}) FILTER ({finite}), max({c}) FILTER ({finite}),
                       quantile_cont({c}, [0.05, 0.5, 0.95]) FILTER ({finite})
                FROM {Population}
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            for (var i = 0; i < 6; i++)
            {
                summary[i] = reader.IsDBNull(i) ? null : Convert.ToDouble(reader.GetValue(i), CultureInfo.InvariantCulture);
            }
            if (!reader.IsDBNull(6))
            {
                var quantiles = reader.GetFieldValue<List<double>>(6);
                summary[6] = quantiles[0];
                summary[7] = quantiles[1];
                summary[8] = quantiles[2];
            }
        }
        var count = (long)(summary[0] ?? 0);
        var edges = new List<double>();
        var counts = new long[summary[4] is null ? 0 : bins];
        if (summary[4] is { } min && summary[5] is { } max)
        {
            var width = max > min ? (max - min) / bins : 1.0;
            for (var b = 0; b <= bins; b++)
            {
                edges.Add(min + b * width);
            }
            await using var command = duck.CreateCommand();
            command.CommandText = $"""
                SELECT LEAST(CAST(floor(({c} - {min.ToString("R", CultureInfo.InvariantCulture)}) / {width.ToString("R", CultureInfo.InvariantCulture)}) AS BIGINT), {bins - 1}) AS b, count(*)
                FROM {Population} WHERE {finite} GROUP BY b
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[Math.Clamp(reader.GetInt64(0), 0, bins - 1)] += reader.GetInt64(1);
            }
        }
        return new FeatureStatistics(name, FeatureKind.Numeric, count, (long)(summary[1] ?? 0), summary[2], summary[3], summary[4], summary[5],
            summary[6], summary[7], summary[8], edges, counts, []);
    }

    private static async Task<FeatureStatistics> CategoricalAsync(DuckDBConnection duck, string name, CancellationToken cancellationToken)
    {
        var c = SourceSql.Quote(name);
        var count = await DuckDbSession.CountAsync(duck, $"SELECT count({c}) FROM {Population}", cancellationToken);
        var nulls = await DuckDbSession.CountAsync(duck, $"SELECT count(*) - count({c}) FROM {Population}", cancellationToken);
        var top = new List<CategoryCount>();
        await using var command = duck.CreateCommand();
        command.CommandText = $"SELECT {c}, count(*) AS n FROM {Population} WHERE {c} IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT 20";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            top.Add(new CategoryCount(reader.GetString(0), reader.GetInt64(1)));
        }
        return new FeatureStatistics(name, FeatureKind.Categorical, count, nulls, null, null, null, null, null, null, null, [], [], top);
    }
}
