using FsCheck.Xunit;
using RiskOps.Lakehouse.Engine;
using RiskOps.Lakehouse.Sources;

namespace RiskOps.Lakehouse.Tests;

public sealed class ColumnSpecPropertyTests
{
    private static readonly char[] s_alphabet = [' ', ' ', 'a', 'Z', '7', '\t', 'é', ','];

    /// <summary>The cheap text expression (trim only when an edge is a space) equals DuckDB's NULLIF(trim(x), '') for any text.</summary>
    [Property(MaxTest = 15)]
    public bool RawExpr_AnyText_EqualsTrimWithBlankAsNull(int[][] codes)
    {
        var values = codes.Select(c => new string([.. c.Select(i => s_alphabet[Math.Abs(i % s_alphabet.Length)])])).Append("").Append("   ").ToList();
        var expr = ColumnSpec.Id("x").RawExpr;
        using var dir = new TempDataDir();
        using var lake = dir.Open();
        var rows = string.Join(", ", values.Select(v => $"({Sql.Literal(v)})"));
        var mismatches = lake.QueryColumn(
            $"SELECT count(*) FROM (VALUES {rows}) b(x) WHERE ({expr}) IS DISTINCT FROM NULLIF(trim(b.x), '')", TestContext.Current.CancellationToken);
        return mismatches[0] == "0";
    }
}
