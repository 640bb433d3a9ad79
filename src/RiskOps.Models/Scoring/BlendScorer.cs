using System.Text.Json;

namespace RiskOps.Models.Scoring;

/// <summary>
/// A weighted blend of fitted scorers over the same encoded rows: the link-space scores of its parts, weighted and
/// summed (a weighted geometric mean of rates under a log link, a weighted mean of values for a regression). Each part
/// is saved in its own sub-directory with its own scorer kind, so any scorer can be a part.
/// </summary>
public sealed class BlendScorer : LinkScorer
{
    /// <summary>File holding the parts' kinds, folders and weights inside an artifact directory.</summary>
    public const string FileName = "blend.json";

    /// <summary>The scorer kind recorded in the artifact.</summary>
    public const string Kind = "blend";

    private readonly LinkScorer[] _parts;
    private readonly double[] _weights;

    /// <summary>Blends <paramref name="parts"/> with <paramref name="weights"/> (non-negative, summing to 1); the blend owns the parts.</summary>
    public BlendScorer(IReadOnlyList<LinkScorer> parts, IReadOnlyList<double> weights)
    {
        if (parts.Count < 2 || parts.Count != weights.Count)
        {
            throw new ArgumentException($"a blend needs two or more parts, one weight each (got {parts.Count} parts, {weights.Count} weights)");
        }
        if (weights.Any(w => !(w >= 0)) || Math.Abs(weights.Sum() - 1) > 1e-9)
        {
            throw new ArgumentException($"blend weights must be non-negative and sum to 1, got {string.Join(", ", weights)}");
        }
        if (parts.Any(p => p.Outputs != 1))
        {
            throw new ArgumentException("a blend takes single-output scorers only");
        }
        _parts = [.. parts];
        _weights = [.. weights];
    }

    /// <summary>The blended scorers.</summary>
    public IReadOnlyList<LinkScorer> Parts => _parts;

    /// <summary>Each part's weight, in <see cref="Parts"/> order.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <inheritdoc/>
    public override int Outputs => 1;

    /// <inheritdoc/>
    public override void Score(ReadOnlySpan<float> matrix, int rowCount, Span<double> scores)
    {
        scores[..rowCount].Clear();
        // Serving scores a row or a few at a time: those stay on the stack.
        Span<double> part = rowCount <= 256 ? stackalloc double[rowCount] : new double[rowCount];
        for (var p = 0; p < _parts.Length; p++)
        {
            _parts[p].Score(matrix, rowCount, part);
            var weight = _weights[p];
            for (var r = 0; r < rowCount; r++)
            {
                scores[r] += weight * part[r];
            }
        }
    }

    /// <inheritdoc/>
    public override string Save(string directory)
    {
        var entries = new List<BlendPart>(_parts.Length);
        for (var p = 0; p < _parts.Length; p++)
        {
            var folder = $"part{p}";
            var partDirectory = Path.Combine(directory, folder);
            Directory.CreateDirectory(partDirectory);
            entries.Add(new BlendPart(_parts[p].Save(partDirectory), folder, _weights[p]));
        }
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(entries, ArtifactJson.Options));
        return Kind;
    }

    /// <summary>Loads a blend written by <see cref="Save"/>, each part through <paramref name="loadPart"/> (kind, folder).</summary>
    public static BlendScorer Load(string directory, Func<string, string, LinkScorer> loadPart)
    {
        var entries = JsonSerializer.Deserialize<List<BlendPart>>(File.ReadAllText(Path.Combine(directory, FileName)), ArtifactJson.Options)
            ?? throw new InvalidDataException($"{FileName} is empty");
        var parts = new List<LinkScorer>(entries.Count);
        try
        {
            foreach (var entry in entries)
            {
                if (entry.Folder.Contains('/', StringComparison.Ordinal) || entry.Folder.Contains('\\', StringComparison.Ordinal) || entry.Folder.StartsWith('.'))
                {
                    throw new InvalidDataException($"{FileName}: part folder '{entry.Folder}' is not a plain sub-folder name");
                }
                parts.Add(loadPart(entry.Kind, Path.Combine(directory, entry.Folder)));
            }
            return new BlendScorer(parts, [.. entries.Select(e => e.Weight)]);
        }
        catch
        {
            foreach (var part in parts)
            {
                part.Dispose();
            }
            throw;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var part in _parts)
            {
                part.Dispose();
            }
        }
    }

    private sealed record BlendPart(string Kind, string Folder, double Weight);
}
