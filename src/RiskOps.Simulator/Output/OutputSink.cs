using System.Globalization;
using System.Text;

namespace RiskOps.Simulator.Output;

/// <summary>
/// Appends batches to the delivery files (<c>raw/&lt;source&gt;/&lt;yyyy-MM-dd&gt;/&lt;source&gt;-001.csv|jsonl</c>) and to the
/// ground-truth files, numbering the lines of every injected defect. Single-threaded by design: it is the
/// ordered end of the pipeline. A delivery file is closed as soon as no later block can write to it.
/// </summary>
internal sealed class OutputSink : IDisposable
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly string _rawDir;
    private readonly string _truthDir;
    private readonly DateOnly _start;
    private readonly Dictionary<(int Source, int Date), OpenFile> _open = [];
    private readonly HashSet<(int Source, int Date)> _closed = [];
    private readonly SortedDictionary<int, List<string>> _byDate = [];
    private readonly Dictionary<string, StreamWriter> _truth = [];
    private readonly StreamWriter _defects;

    public OutputSink(string rawDir, string truthDir, DateOnly start)
    {
        _rawDir = rawDir;
        _truthDir = truthDir;
        _start = start;
        Directory.CreateDirectory(rawDir);
        Directory.CreateDirectory(truthDir);
        _defects = Open(Path.Combine(truthDir, "injected_defects.csv"));
        _defects.Write("source,file,line,record_id,defect_kind\n");
    }

    public Dictionary<string, long> RowsBySource { get; } = [];
    public Dictionary<string, long> DefectsByKind { get; } = [];

    /// <summary>Writes one reference file (a single delivery, no defects) with its header.</summary>
    public void WriteReference(RawSource source, StringBuilder rows, int lineCount)
    {
        var dir = Path.Combine(_rawDir, source.Name);
        Directory.CreateDirectory(dir);
        using var writer = Open(Path.Combine(dir, $"{source.Name}.csv"));
        writer.Write(string.Join(',', source.Columns));
        writer.Write('\n');
        writer.Write(rows);
        Count(RowsBySource, source.Name, lineCount);
        Delivery(0).Add($"{source.Name}/{source.Name}.csv");
    }

    /// <summary>Starts a ground-truth CSV file with its header.</summary>
    public void StartTruth(string file, string header)
    {
        var writer = Open(Path.Combine(_truthDir, file));
        writer.Write(header);
        writer.Write('\n');
        _truth[file] = writer;
    }

    public void Append(Batch batch)
    {
        foreach (var ((sourceOrdinal, date), chunk) in batch.Chunks)
        {
            var source = RawSource.All[sourceOrdinal];
            var file = Get(source, date);
            foreach (var defect in chunk.Defects)
            {
                _defects.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{source.Name},{file.RelativePath},{file.Lines + defect.Line + 1},{defect.RecordId},{defect.Kind}\n"));
                Count(DefectsByKind, defect.Kind, 1);
            }

            file.Writer.Write(chunk.Text);
            file.Lines += chunk.Lines;
            Count(RowsBySource, source.Name, chunk.Lines);
        }

        foreach (var (name, text) in batch.GroundTruth)
        {
            _truth[name].Write(text);
        }
    }

    /// <summary>Closes the delivery files of a source dated before <paramref name="date"/>: nothing can be added to them any more.</summary>
    public void CloseBefore(RawSource source, int date)
    {
        foreach (var key in _open.Keys.Where(k => k.Source == source.Ordinal && k.Date < date).ToList())
        {
            _open[key].Writer.Dispose();
            _open.Remove(key);
            _closed.Add(key);
        }
    }

    /// <summary>Closes every delivery file dated up to <paramref name="date"/> of the given sources.</summary>
    public void CloseThrough(IEnumerable<RawSource> sources, int date)
    {
        foreach (var source in sources)
        {
            CloseBefore(source, date + 1);
        }
    }

    /// <summary>
    /// The raw files (relative to the raw folder) of one delivery date, reference files with date 0; every one must be
    /// closed. They are forgotten by the sink; a file of that source and date can never be written again.
    /// </summary>
    public IReadOnlyList<string> TakeDelivery(int date)
    {
        if (_open.Keys.Any(k => k.Date == date))
        {
            throw new InvalidOperationException($"delivery day {date} still has open files");
        }

        var files = _byDate.Remove(date, out var list) ? list : [];
        return files;
    }

    /// <summary>The dates that still have files not taken, in order.</summary>
    public IEnumerable<int> PendingDates => _byDate.Keys;

    public void CloseTruth(string file)
    {
        _truth[file].Dispose();
        _truth.Remove(file);
    }

    public void Dispose()
    {
        foreach (var file in _open.Values)
        {
            file.Writer.Dispose();
        }

        foreach (var writer in _truth.Values)
        {
            writer.Dispose();
        }

        _defects.Dispose();
        _open.Clear();
        _truth.Clear();
    }

    private OpenFile Get(RawSource source, int date)
    {
        if (_open.TryGetValue((source.Ordinal, date), out var file))
        {
            return file;
        }

        var day = _start.AddDays(date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var name = $"{source.Name}-001.{source.Extension}";
        var dir = Path.Combine(_rawDir, source.Name, day);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        if (File.Exists(path) || _closed.Contains((source.Ordinal, date)))
        {
            // A file closed earlier cannot be reopened: that would mean a block wrote out of order.
            throw new InvalidOperationException($"delivery {path} was already closed");
        }

        var writer = Open(path);
        var lines = 0;
        if (!source.JsonLines)
        {
            writer.Write(string.Join(',', source.Columns));
            writer.Write('\n');
            lines = 1;
        }

        file = new OpenFile(writer, $"{source.Name}/{day}/{name}") { Lines = lines };
        Delivery(date).Add(file.RelativePath);
        _open[(source.Ordinal, date)] = file;
        return file;
    }

    private List<string> Delivery(int date)
    {
        if (!_byDate.TryGetValue(date, out var list))
        {
            list = [];
            _byDate[date] = list;
        }

        return list;
    }

    private static StreamWriter Open(string path) =>
        new(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), s_utf8, 1 << 16);

    private static void Count(Dictionary<string, long> counts, string key, long n) =>
        counts[key] = counts.GetValueOrDefault(key) + n;

    private sealed class OpenFile(StreamWriter writer, string relativePath)
    {
        public StreamWriter Writer { get; } = writer;
        public string RelativePath { get; } = relativePath;
        public int Lines { get; set; }
    }
}
