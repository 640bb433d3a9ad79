using System.Text;
using RiskOps.Simulator.Claims;
using RiskOps.Simulator.Randomness;

namespace RiskOps.Simulator.Output;

/// <summary>
/// Everything one block of entities produced: rows per (source, delivery date) and ground-truth text. Workers
/// fill batches in parallel; the writer appends them strictly in block order, which keeps files byte-identical.
/// Defects are decided here, from the entity's own random stream, so they do not depend on scheduling.
/// </summary>
internal sealed class Batch
{
    private readonly Dictionary<(int Source, int Date), Chunk> _chunks = [];
    private readonly SimulationOptions _options;

    public Batch(SimulationOptions options) => _options = options;

    public IEnumerable<KeyValuePair<(int Source, int Date), Chunk>> Chunks =>
        _chunks.OrderBy(kv => kv.Key.Source).ThenBy(kv => kv.Key.Date);

    public Dictionary<string, StringBuilder> GroundTruth { get; } = [];

    /// <summary>Incidents found in this block, in generation order.</summary>
    public List<IncidentSeed> Incidents { get; } = [];

    /// <summary>Scratch builder for one CSV row.</summary>
    public StringBuilder Row { get; } = new(256);

    public StringBuilder Truth(string file)
    {
        if (!GroundTruth.TryGetValue(file, out var sb))
        {
            sb = new StringBuilder();
            GroundTruth[file] = sb;
        }

        return sb;
    }

    /// <summary>Routes the CSV row in <see cref="Row"/> (without newline) to its delivery, possibly late, duplicated or malformed; clears it.</summary>
    public void EmitCsv(RawSource source, int date, string recordId, Rng defects) => EmitCsv(source, date, recordId, -1, defects);

    /// <summary>As above; the record id is <paramref name="recordId"/>:<paramref name="suffix"/> when suffix ≥ 0, built only if a defect needs it.</summary>
    public void EmitCsv(RawSource source, int date, string recordId, int suffix, Rng defects)
    {
        var fate = Decide(defects);
        if (fate != Fate.None && suffix >= 0)
        {
            recordId = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{recordId}:{suffix}");
        }

        switch (fate)
        {
            case Fate.None:
                AppendRow(source, date, Row, null, recordId);
                break;
            case Fate.Late:
                AppendRow(source, date + 1 + defects.NextInt(3), Row, DefectKinds.Late, recordId);
                break;
            case Fate.Duplicate:
                AppendRow(source, date, Row, null, recordId);
                AppendRow(source, date + defects.NextInt(3), Row, DefectKinds.Duplicate, recordId);
                break;
            default:
                var (kind, fields, _) = Malformer.Corrupt(source, Row.ToString().Split(','), defects);
                Row.Clear().AppendJoin(',', fields);
                AppendRow(source, date, Row, kind, recordId);
                break;
        }

        Row.Clear();
    }

    /// <summary>Routes a JSON line given as JSON tokens in contract column order.</summary>
    public void EmitJson(RawSource source, int date, string recordId, string[] tokens, Rng defects)
    {
        var fate = Decide(defects);
        var kind = fate switch { Fate.Late => DefectKinds.Late, Fate.Duplicate => DefectKinds.Duplicate, _ => null };
        var columns = source.Columns;
        if (fate == Fate.Malformed)
        {
            (kind, tokens, var dropped) = Malformer.Corrupt(source, tokens, defects);
            if (dropped >= 0)
            {
                columns = [.. columns[..dropped], .. columns[(dropped + 1)..]];
            }
        }

        var line = new StringBuilder(256).Append('{');
        for (var i = 0; i < tokens.Length; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            line.Append('"').Append(columns[i]).Append("\":").Append(tokens[i]);
        }

        line.Append('}');
        if (kind == DefectKinds.TruncatedJson)
        {
            line.Length /= 2;
        }

        switch (fate)
        {
            case Fate.Late:
                AppendRow(source, date + 1 + defects.NextInt(3), line, kind, recordId);
                break;
            case Fate.Duplicate:
                AppendRow(source, date, line, null, recordId);
                AppendRow(source, date + defects.NextInt(3), line, kind, recordId);
                break;
            default:
                AppendRow(source, date, line, kind, recordId);
                break;
        }
    }

    private void AppendRow(RawSource source, int date, StringBuilder row, string? defect, string recordId)
    {
        if (!_chunks.TryGetValue((source.Ordinal, date), out var chunk))
        {
            chunk = new Chunk();
            _chunks[(source.Ordinal, date)] = chunk;
        }

        if (defect is not null)
        {
            chunk.Defects.Add(new ChunkDefect(chunk.Lines, recordId, defect));
        }

        chunk.Text.Append(row).Append('\n');
        chunk.Lines++;
    }

    private Fate Decide(Rng rng)
    {
        var u = rng.NextDouble();
        if (u < _options.LateRate)
        {
            return Fate.Late;
        }

        u -= _options.LateRate;
        if (u < _options.DuplicateRate)
        {
            return Fate.Duplicate;
        }

        u -= _options.DuplicateRate;
        return u < _options.MalformedRate ? Fate.Malformed : Fate.None;
    }

    private enum Fate
    {
        None,
        Late,
        Duplicate,
        Malformed,
    }
}
