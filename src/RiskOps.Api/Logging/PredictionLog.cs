using System.Threading.Channels;
using Microsoft.Extensions.Options;
using RiskOps.Api.Hosting;
using RiskOps.Api.Observability;

namespace RiskOps.Api.Logging;

/// <summary>
/// The bounded queue between requests and the prediction log writer. <see cref="TryEnqueue"/> never waits:
/// when the queue is full the entry is shed and counted, so logging can never slow a request down.
/// </summary>
internal sealed class PredictionLog
{
    private readonly Channel<PredictionLogEntry> _channel;
    private readonly ServingMetrics _metrics;
    private long _shed;
    private long _queued;

    public PredictionLog(IOptions<ServingOptions> options, ServingMetrics metrics)
    {
        _metrics = metrics;
        _channel = Channel.CreateBounded<PredictionLogEntry>(new BoundedChannelOptions(options.Value.PredictionLogCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite this means "refuse", which is what lets us count sheds
            SingleReader = true,
            SingleWriter = false,
        });
        metrics.PredictionLogQueued = () => Interlocked.Read(ref _queued);
    }

    public long Shed => Interlocked.Read(ref _shed);

    public ChannelReader<PredictionLogEntry> Reader => _channel.Reader;

    public bool TryEnqueue(PredictionLogEntry entry)
    {
        if (_channel.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref _queued);
            return true;
        }

        Interlocked.Increment(ref _shed);
        _metrics.LogShed();
        return false;
    }

    internal void Dequeued(int count) => Interlocked.Add(ref _queued, -count);

    public void Complete() => _channel.Writer.TryComplete();
}
