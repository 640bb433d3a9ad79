using System.Text;

namespace RiskOps.Features.Online;

/// <summary>
/// The embedded store's file format: a sequence of blocks, each a view layout followed by rows
/// (key, event ticks, created ticks, numeric values, categorical values). The snapshot holds one
/// block per view; the log one block per flushed write. A block cut short by a crash is ignored:
/// the materialization checkpoint after it was never recorded, so that chunk is redone.
/// </summary>
internal static class OnlineStoreFile
{
    private const int Magic = 0x31425346; // "FSB1"

    public static void WriteBlock(
        Stream stream,
        OnlineViewSchema schema,
        int count,
        Func<int, (string Key, long Event, long Created, ReadOnlyMemory<double> Numeric, ReadOnlyMemory<string?> Categorical)> row)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(schema.View);
        writer.Write(schema.Ttl.Ticks);
        writer.Write(schema.NumericFeatures.Count);
        foreach (var name in schema.NumericFeatures)
        {
            writer.Write(name);
        }
        writer.Write(schema.CategoricalFeatures.Count);
        foreach (var name in schema.CategoricalFeatures)
        {
            writer.Write(name);
        }
        writer.Write(count);
        for (var i = 0; i < count; i++)
        {
            var (key, ev, created, numeric, categorical) = row(i);
            writer.Write(key);
            writer.Write(ev);
            writer.Write(created);
            foreach (var value in numeric.Span)
            {
                writer.Write(value);
            }
            foreach (var value in categorical.Span)
            {
                writer.Write(value is not null);
                if (value is not null)
                {
                    writer.Write(value);
                }
            }
        }
        writer.Flush();
    }

    public static void ReadBlocks(Stream stream, InMemoryOnlineStore store)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        while (stream.Position < stream.Length)
        {
            OnlineWriteBatch batch;
            try
            {
                batch = ReadBlock(reader);
            }
            catch (EndOfStreamException)
            {
                return;
            }
            store.Apply(batch);
        }
    }

    private static OnlineWriteBatch ReadBlock(BinaryReader reader)
    {
        if (reader.ReadInt32() != Magic)
        {
            throw new InvalidDataException("online store file is corrupt (bad block header)");
        }
        var view = reader.ReadString();
        var ttl = TimeSpan.FromTicks(reader.ReadInt64());
        var numeric = new string[reader.ReadInt32()];
        for (var i = 0; i < numeric.Length; i++)
        {
            numeric[i] = reader.ReadString();
        }
        var categorical = new string[reader.ReadInt32()];
        for (var i = 0; i < categorical.Length; i++)
        {
            categorical[i] = reader.ReadString();
        }
        var count = reader.ReadInt32();
        var batch = new OnlineWriteBatch(new OnlineViewSchema(view, ttl, numeric, categorical), count);
        for (var r = 0; r < count; r++)
        {
            batch.Keys[r] = reader.ReadString();
            batch.EventTicks[r] = reader.ReadInt64();
            batch.CreatedTicks[r] = reader.ReadInt64();
            for (var c = 0; c < numeric.Length; c++)
            {
                batch.Numeric[r * numeric.Length + c] = reader.ReadDouble();
            }
            for (var c = 0; c < categorical.Length; c++)
            {
                batch.Categorical[r * categorical.Length + c] = reader.ReadBoolean() ? reader.ReadString() : null;
            }
        }
        batch.Count = count;
        return batch;
    }
}
