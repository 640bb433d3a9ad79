using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using RiskOps.Api.Hosting;
using RiskOps.Api.Risk;

namespace RiskOps.Api.Tests;

public sealed class CacheSweepTests
{
    [Fact]
    public async Task Refresh_DropsExpiredEntries_AtMostOncePerSweepInterval()
    {
        await using var app = await ServingApp.CreateAsync();
        using var client = await app.ClientAsync();
        var ct = TestContext.Current.CancellationToken;
        var cache = app.Services.GetRequiredService<RiskCache>();
        await app.RefreshAsync(); // first refresh sweeps (nothing to drop) and starts the interval

        await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = ServingApp.CustomerId(1) }, ct);
        Assert.Equal(1, cache.Count);
        app.Time.Advance(ServingRefreshService.SweepInterval / 2);
        await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = ServingApp.CustomerId(2) }, ct);

        // Customer 1 expires and is dropped; customer 2 expires 40 s after that sweep, so it stays until a minute has passed.
        app.Time.Advance(TimeSpan.FromHours(24) - (ServingRefreshService.SweepInterval / 2) + TimeSpan.FromSeconds(1));
        await app.RefreshAsync();
        Assert.Equal(1, cache.Count);
        app.Time.Advance(TimeSpan.FromSeconds(40));
        await app.RefreshAsync();
        Assert.Equal(1, cache.Count);
        app.Time.Advance(TimeSpan.FromSeconds(20));
        await app.RefreshAsync();
        Assert.Equal(0, cache.Count);
    }
}
