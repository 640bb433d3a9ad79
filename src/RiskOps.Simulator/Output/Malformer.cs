using System.Globalization;
using RiskOps.Simulator.Randomness;

namespace RiskOps.Simulator.Output;

/// <summary>Corrupts one row the way real feeds do; returns the defect kind it applied.</summary>
internal static class Malformer
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:sszzz";

    /// <summary>Corrupts <paramref name="fields"/> in place (JSON lines: fields are JSON tokens). Returns the kind, the fields to write and the dropped column (or -1).</summary>
    public static (string Kind, string[] Fields, int Dropped) Corrupt(RawSource source, string[] fields, Rng rng)
    {
        var kinds = new List<string> { DefectKinds.MissingField };
        if (source.NumericColumns.Length > 0)
        {
            kinds.Add(DefectKinds.MalformedNumber);
        }

        if (source.LatColumn >= 0)
        {
            kinds.Add(DefectKinds.ImpossibleCoordinate);
        }

        if (source.ForeignKeys.Length > 0)
        {
            kinds.Add(DefectKinds.UnknownForeignKey);
        }

        if (source.Timestamps is not null)
        {
            kinds.Add(DefectKinds.BackwardsTimestamp);
        }

        if (source.JsonLines)
        {
            kinds.Add(DefectKinds.TruncatedJson);
        }

        var kind = kinds[rng.NextInt(kinds.Count)];
        switch (kind)
        {
            case DefectKinds.MissingField:
                // Never the id columns (0, 1), so the record can still be named in the defect list.
                var drop = rng.NextInt(Math.Min(2, fields.Length - 1), fields.Length);
                return (kind, [.. fields[..drop], .. fields[(drop + 1)..]], drop);
            case DefectKinds.MalformedNumber:
                var col = source.NumericColumns[rng.NextInt(source.NumericColumns.Length)];
                fields[col] = source.JsonLines ? "\"#VALUE!\"" : "#VALUE!";
                break;
            case DefectKinds.ImpossibleCoordinate:
                var c = source.LatColumn + rng.NextInt(2);
                fields[c] = c == source.LatColumn ? "123.456789" : "-212.5";
                break;
            case DefectKinds.UnknownForeignKey:
                var (fk, bogus) = source.ForeignKeys[rng.NextInt(source.ForeignKeys.Length)];
                fields[fk] = source.JsonLines ? $"\"{bogus}\"" : bogus;
                break;
            case DefectKinds.BackwardsTimestamp:
                var (earlier, later) = source.Timestamps!.Value;
                var reference = earlier >= 0 ? Parse(fields[earlier], source) : Parse(fields[later], source).AddDays(-1);
                var shifted = reference.AddMinutes(-rng.Uniform(1, 90));
                var text = shifted.ToString(TimestampFormat, CultureInfo.InvariantCulture);
                fields[later] = source.JsonLines ? $"\"{text}\"" : text;
                break;
            case DefectKinds.TruncatedJson:
                return (kind, fields, -1);
        }

        return (kind, fields, -1);
    }

    private static DateTimeOffset Parse(string field, RawSource source) =>
        DateTimeOffset.ParseExact(source.JsonLines ? field.Trim('"') : field, TimestampFormat, CultureInfo.InvariantCulture);
}
