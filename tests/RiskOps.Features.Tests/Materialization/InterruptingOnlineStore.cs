using RiskOps.Features.Online;

namespace RiskOps.Features.Tests.Materialization;

/// <summary>The real store, with a cancellation after its first durable flush: a crash between chunks.</summary>
internal sealed class InterruptingOnlineStore(IOnlineStore inner, CancellationTokenSource interrupt) : IOnlineStore
{
    public void EnsureView(OnlineViewSchema schema) => inner.EnsureView(schema);

    public int Write(OnlineWriteBatch batch) => inner.Write(batch);

    public IOnlineReader CreateReader(IReadOnlyList<OnlineViewSelection> selections) => inner.CreateReader(selections);

    public OnlineViewInfo? GetViewInfo(string view) => inner.GetViewInfo(view);

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await inner.FlushAsync(cancellationToken);
        await interrupt.CancelAsync();
    }

    public Task CompactAsync(CancellationToken cancellationToken) => inner.CompactAsync(cancellationToken);

    public void Dispose()
    {
        // The inner store belongs to the test world.
    }
}
